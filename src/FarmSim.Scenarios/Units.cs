using System.Globalization;
using System.Text.RegularExpressions;

namespace FarmSim.Scenarios;

/// <summary>
/// Quantities with units as scenario files write them: durations <c>250ms</c>, <c>2m</c>, <c>1.5h</c>
/// and rates <c>120/s</c>, <c>7200/h</c>; factors may be percentages (<c>20%</c>). A bare number where
/// a unit is needed is refused, not guessed (zero excepted: it means the same in every unit).
/// </summary>
public static partial class Units
{
    public const string DurationHint = "a duration with a unit: us, ms, s, m or h (e.g. 250ms, 2m, 1.5h, 9h30m)";
    public const string RateHint = "a rate per unit of time: /s, /m or /h (e.g. 120/s, 7200/h)";

    // One or more terms, largest first or not (9h30m, 1m30s); only the first may carry a sign.
    [GeneratedRegex(@"^\s*[+-]?(?:(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?\s*(?:us|µs|ms|s|m|h)\s*)+$")]
    private static partial Regex DurationPattern();

    [GeneratedRegex(@"((?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?)\s*(us|µs|ms|s|m|h)")]
    private static partial Regex DurationTerm();

    [GeneratedRegex(@"^\s*([+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?)\s*/\s*(s|m|h)\s*$")]
    private static partial Regex RatePattern();

    public const string SizeHint = "a size with a unit: B, KB, MB or GB (decimal, e.g. 200KB)";
    public const string BandwidthHint = "a bandwidth per second: kbit/s, Mbit/s, Gbit/s, B/s, KB/s, MB/s or GB/s (e.g. 20Mbit/s)";

    [GeneratedRegex(@"^\s*([+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?)\s*(B|KB|MB|GB)\s*$")]
    private static partial Regex SizePattern();

    [GeneratedRegex(@"^\s*([+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?)\s*(kbit|Mbit|Gbit|B|KB|MB|GB)\s*/\s*s\s*$")]
    private static partial Regex BandwidthPattern();

    /// <summary>Parses a size into bytes (1 KB = 1000 B, as network speeds count).</summary>
    public static bool TryParseSize(string text, out double bytes)
    {
        bytes = 0;
        if (IsZero(text)) return true;
        var match = SizePattern().Match(text);
        if (!match.Success) return false;
        bytes = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) * Scale(match.Groups[2].Value);
        return double.IsFinite(bytes);
    }

    /// <summary>Parses a bandwidth into bytes per second.</summary>
    public static bool TryParseBandwidth(string text, out double bytesPerSecond)
    {
        bytesPerSecond = 0;
        var match = BandwidthPattern().Match(text);
        if (!match.Success) return false;
        string unit = match.Groups[2].Value;
        bytesPerSecond = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) * (unit.EndsWith("bit") ? Scale(unit[0] + "B") / 8 : Scale(unit));
        return double.IsFinite(bytesPerSecond);
    }

    private static double Scale(string unit) => unit switch
    {
        "B" => 1,
        "KB" or "kB" => 1e3,
        "MB" => 1e6,
        _ => 1e9,
    };

    public const string FactorHint = "a number or a percentage (e.g. 1.5 or 150%)";

    /// <summary>A dimensionless factor: a plain number, or a percentage (<c>150%</c> is 1.5).</summary>
    public static bool TryParseFactor(string text, out double value)
    {
        string trimmed = text.Trim();
        bool percent = trimmed.EndsWith('%');
        if (percent) trimmed = trimmed[..^1].TrimEnd();
        bool ok = double.TryParse(trimmed, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);
        if (percent) value /= 100;
        return ok;
    }

    public const string UtcOffsetHint = "hours and minutes ahead of UTC, such as +01:00 or -05:30";

    /// <summary>How far local time is ahead of UTC (+01:00, -05:30, +2), in seconds; at most 14 hours either way.</summary>
    public static bool TryParseUtcOffset(string text, out double seconds)
    {
        seconds = 0;
        string t = text.Trim();
        int sign = t.StartsWith('-') ? -1 : 1;
        t = t.TrimStart('+', '-');
        if (!TimeSpan.TryParseExact(t, ["h\\:mm", "hh\\:mm", "%h", "hh"], CultureInfo.InvariantCulture, out var span) || span > TimeSpan.FromHours(14)) return false;
        seconds = sign * span.TotalSeconds;
        return true;
    }

    /// <summary>Parses a duration into seconds.</summary>
    public static bool TryParseDuration(string text, out double seconds)
    {
        seconds = 0;
        if (IsZero(text)) return true;
        if (!DurationPattern().IsMatch(text)) return false;
        foreach (Match term in DurationTerm().Matches(text))
            seconds += double.Parse(term.Groups[1].Value, CultureInfo.InvariantCulture) * term.Groups[2].Value switch
            {
                "us" or "µs" => 1e-6,
                "ms" => 1e-3,
                "s" => 1,
                "m" => 60,
                _ => 3600,
            };
        if (text.TrimStart().StartsWith('-')) seconds = -seconds;
        return double.IsFinite(seconds);
    }

    /// <summary>Parses a rate into events per second.</summary>
    public static bool TryParseRate(string text, out double perSecond)
    {
        perSecond = 0;
        if (IsZero(text)) return true;
        var match = RatePattern().Match(text);
        if (!match.Success) return false;
        perSecond = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) / match.Groups[2].Value switch
        {
            "s" => 1,
            "m" => 60,
            _ => 3600,
        };
        return double.IsFinite(perSecond);
    }

    /// <summary>Writes seconds back in the largest unit that keeps the number readable.</summary>
    public static string FormatDuration(double seconds) => seconds switch
    {
        0 => "0s",
        >= 3600 when seconds % 3600 == 0 => $"{(seconds / 3600).ToString(CultureInfo.InvariantCulture)}h",
        >= 60 when seconds % 60 == 0 => $"{(seconds / 60).ToString(CultureInfo.InvariantCulture)}m",
        >= 1 => $"{seconds.ToString("0.######", CultureInfo.InvariantCulture)}s",
        _ => $"{(seconds * 1e3).ToString("0.######", CultureInfo.InvariantCulture)}ms",
    };

    private static bool IsZero(string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && v == 0;
}
