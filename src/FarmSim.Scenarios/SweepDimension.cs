using System.Globalization;
using System.Text.RegularExpressions;

namespace FarmSim.Scenarios;

/// <summary>
/// One varied parameter of a sweep: a scenario path (as <c>--set</c> takes it) or <c>load</c>, which
/// scales every app's arrival rate, and the values it takes, as written.
/// </summary>
public sealed partial record SweepDimension(string Path, IReadOnlyList<string> Values)
{
    public const string Load = "load";

    [GeneratedRegex(@"^\s*([+-]?(?:\d+\.?\d*|\.\d+))\s*(.*?)\s*$")]
    private static partial Regex Quantity();

    /// <summary>
    /// Parses <c>path=values</c>: a list (<c>a,b,c</c>; commas inside brackets belong to a value) or a
    /// range <c>start..end:step</c> of numbers or quantities in one unit (<c>100/s..600/s:50/s</c>).
    /// </summary>
    public static SweepDimension? Parse(string text, out string problem)
    {
        problem = "";
        int equals = text.IndexOf('=');
        if (equals <= 0 || equals == text.Length - 1)
        {
            problem = "expected path=values, e.g. --vary zones.Intranet.balancer=round-robin,random or --vary load=0.5..1.1:0.05";
            return null;
        }
        string path = text[..equals].Trim();
        var values = ParseValues(text[(equals + 1)..], out problem);
        return values is null ? null : new SweepDimension(path, values);
    }

    public static IReadOnlyList<string>? ParseValues(string text, out string problem)
    {
        problem = "";
        int dots = text.IndexOf("..", StringComparison.Ordinal);
        int colon = text.LastIndexOf(':');
        if (dots > 0 && colon > dots && !text.Contains('['))
            return Range(text[..dots], text[(dots + 2)..colon], text[(colon + 1)..], out problem);

        var values = new List<string>();
        int depth = 0, start = 0;
        for (int i = 0; i <= text.Length; i++)
        {
            if (i < text.Length && text[i] is '[' or '{') depth++;
            else if (i < text.Length && text[i] is ']' or '}') depth--;
            else if (i == text.Length || (text[i] == ',' && depth == 0))
            {
                string value = text[start..i].Trim();
                if (value.Length == 0)
                {
                    problem = $"'{text}' has an empty value, expected values separated by commas";
                    return null;
                }
                values.Add(value);
                start = i + 1;
            }
        }
        return values;
    }

    /// <summary>Steps from start to end (inclusive), in decimal so that 0.1 steps stay 0.1 steps.</summary>
    private static List<string>? Range(string startText, string endText, string stepText, out string problem)
    {
        problem = "";
        var parts = new[] { startText, endText, stepText }.Select(t => Quantity().Match(t)).ToArray();
        if (parts.Any(p => !p.Success) || parts.Select(p => p.Groups[2].Value).Distinct().Count() != 1)
        {
            problem = $"'{startText}..{endText}:{stepText}' is not a range, expected start..end:step in one unit, e.g. 100/s..600/s:50/s";
            return null;
        }
        decimal start = decimal.Parse(parts[0].Groups[1].Value, CultureInfo.InvariantCulture);
        decimal end = decimal.Parse(parts[1].Groups[1].Value, CultureInfo.InvariantCulture);
        decimal step = decimal.Parse(parts[2].Groups[1].Value, CultureInfo.InvariantCulture);
        string unit = parts[0].Groups[2].Value;
        if (step <= 0 || end < start || (end - start) / step > 10_000)
        {
            problem = $"'{startText}..{endText}:{stepText}' needs start <= end and a step above zero giving at most 10000 values";
            return null;
        }
        var values = new List<string>();
        for (decimal v = start; v <= end; v += step) values.Add(v.ToString("0.############", CultureInfo.InvariantCulture) + unit);
        return values;
    }
}
