using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;
using FarmSim.Farm.Topology;
using YamlDotNet.RepresentationModel;

namespace FarmSim.Scenarios.Sections;

/// <summary>
/// Reads the parts of a rate that change over the run: its <c>profile</c> (points written in the
/// file, or a CSV of time,rate rows), its <c>bursts</c> and its <c>random_bursts</c>. A profile's
/// values are factors (80%, 1.2) or, on a rate (not a number of users), rates (240/s) that then
/// stand for the rate itself; a bare 0 is either.
/// </summary>
internal static class ProfileSection
{
    /// <summary>What was read: the profile as factors, and the rate its values give when they were rates.</summary>
    public sealed record Read(LoadProfile? Profile, double? Rate);

    /// <param name="onRate">A profile on a rate (arrivals, visits) may give rates and have bursts; one on a number of users gives factors only.</param>
    public static Read ReadProfile(ScenarioReader reader, Fields owner, bool onRate)
    {
        bool ratesAllowed = onRate;
        var bursts = onRate ? ReadBursts(reader, owner) : [];
        if (owner.Get("profile") is not { } node)
            return new Read(bursts.Count > 0 ? LoadProfile.Flat(bursts) : null, null);
        var fields = reader.Mapping(node, owner.Child("profile"), ScenarioFormat.Profile);
        if (fields is null) return new Read(null, null);
        int errors = reader.ErrorCount;
        var shape = fields.Choice("shape", ["linear", "steps"]) == "steps" ? ProfileShape.Steps : ProfileShape.Linear;
        double? repeat = fields.Duration("repeat");
        var points = new List<(double Time, double Value, bool Rate)>();
        if (fields.Has("points") && fields.Has("file"))
            reader.Error(fields.Get("file")!, $"'{fields.Child("file")}' is given with points, expected one of them");
        else if (fields.Get("file") is { } fileNode)
        {
            if (fields.Text("file", expected: "a CSV file's path") is { } name) ReadCsv(reader, fileNode, name, points);
        }
        else if (fields.Get("points", required: true, expected: "a list of [time, value] points, or a file") is { } list)
            ReadPoints(reader, list, fields.Child("points"), points);
        if (reader.ErrorCount > errors) return new Read(null, null); // no half-read profile reaches the model

        // A bare 0 means the same as a rate or a factor: it goes with either.
        bool rates = points.Any(p => p.Rate);
        if (rates && points.Any(p => !p.Rate && p.Value != 0))
        {
            reader.Error(fields.Node, $"'{owner.Child("profile")}' mixes rates and factors, expected all of one kind");
            return new Read(null, null);
        }
        if (rates && !ratesAllowed)
        {
            reader.Error(fields.Node, $"'{owner.Child("profile")}' gives rates, expected factors on count (such as 50%)");
            return new Read(null, null);
        }
        double scale = 1;
        if (rates)
        {
            // The profile's rates become factors on its largest one, which stands for the rate.
            scale = points.Max(p => p.Value);
            if (!(scale > 0))
            {
                reader.Error(fields.Node, $"'{owner.Child("profile")}' gives no rate above zero, expected at least one");
                return new Read(null, null);
            }
        }
        var profile = new LoadProfile(shape, points.Select(p => new ProfilePoint(p.Time, p.Value / scale)).ToList(), repeat) { Bursts = bursts };
        return new Read(profile, rates ? scale : null);
    }

    private static void ReadPoints(ScenarioReader reader, YamlNode list, string path, List<(double, double, bool)> points)
    {
        var items = reader.Sequence(list, path);
        for (int k = 0; k < items.Count; k++)
        {
            string at = $"{path}[{k}]";
            reader.Remember(at, items[k]);
            if (items[k] is not YamlSequenceNode { Children: [YamlScalarNode { Value: { } time }, YamlScalarNode { Value: { } value }] } pair)
            {
                reader.Error(items[k], $"'{at}' is {ScenarioReader.KindOf(items[k])}, expected a pair [time, value] such as [9h, 100%]");
                continue;
            }
            if (Point(time, value, out var point, out string problem)) points.Add(point);
            else reader.Error(pair, $"'{at}' {problem}");
        }
    }

    private static void ReadCsv(ScenarioReader reader, YamlNode fileNode, string name, List<(double, double, bool)> points)
    {
        string directory = Path.GetDirectoryName(Path.GetFullPath(reader.File)) ?? ".";
        string file = Path.IsPathRooted(name) ? name : Path.Combine(directory, name);
        if (!File.Exists(file))
        {
            reader.Error(fileNode, $"profile file '{name}' does not exist (looked for {file}), expected a CSV with a header time,rate");
            return;
        }
        try
        {
            using var text = new StreamReader(file);
            using var csv = new CsvReader(text, new CsvConfiguration(CultureInfo.InvariantCulture) { DetectColumnCountChanges = false, BadDataFound = null });
            if (!csv.Read() || !csv.ReadHeader() || csv.HeaderRecord is not ["time", "value" or "rate" or "factor"])
            {
                reader.Error(file, 1, 1, $"the header is '{string.Join(",", csv.HeaderRecord ?? [])}', expected time,rate (or time,value, time,factor)");
                return;
            }
            while (csv.Read())
            {
                int line = csv.Parser.RawRow;
                if (csv.Parser.Count != 2)
                {
                    reader.Error(file, line, 1, $"the row has {csv.Parser.Count} fields, expected 2: a time and a rate or factor");
                    continue;
                }
                if (Point(csv.GetField(0) ?? "", csv.GetField(1) ?? "", out var point, out string problem)) points.Add(point);
                else reader.Error(file, line, 1, problem);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CsvHelperException)
        {
            reader.Error(fileNode, $"cannot read profile file '{name}': {e.Message}");
        }
    }

    /// <summary>A point from its two texts: a duration, and a factor or a rate.</summary>
    private static bool Point(string time, string value, out (double Time, double Value, bool Rate) point, out string problem)
    {
        point = default;
        problem = "";
        if (!Units.TryParseDuration(time, out double t))
        {
            problem = $"has the time '{time}', expected {Units.DurationHint}";
            return false;
        }
        if (value.Contains('/') && Units.TryParseRate(value, out double rate)) point = (t, rate, true);
        else if (Units.TryParseFactor(value, out double factor)) point = (t, factor, false);
        else
        {
            problem = $"has the value '{value}', expected a factor (80%, 1.2) or a rate ({Units.RateHint})";
            return false;
        }
        if (point.Value < 0 || t < 0)
        {
            problem = t < 0 ? $"is at '{time}', expected a time of zero or more" : $"has the value '{value.Trim()}', expected zero or more";
            return false;
        }
        return true;
    }

    private static List<Burst> ReadBursts(ScenarioReader reader, Fields owner)
    {
        var bursts = new List<Burst>();
        if (owner.Get("bursts") is not { } list) return bursts;
        var items = reader.Sequence(list, owner.Child("bursts"));
        for (int k = 0; k < items.Count; k++)
            if (reader.Mapping(items[k], $"{owner.Child("bursts")}[{k}]", ScenarioFormat.Burst) is { } b)
                bursts.Add(new Burst(b.Duration("at", required: true) ?? 0, b.Duration("for", required: true) ?? 1, b.Number("factor", required: true) ?? 1));
        return bursts;
    }

    /// <summary>Random bursts, their burst rate given as a factor or as a rate (over <paramref name="calmRate"/>).</summary>
    public static RandomBursts? ReadRandomBursts(ScenarioReader reader, Fields owner, double calmRate)
    {
        if (owner.Get("random_bursts") is not { } node || reader.Mapping(node, owner.Child("random_bursts"), ScenarioFormat.RandomBursts) is not { } b) return null;
        double factor = 1;
        if (b.Has("factor") && b.Has("rate")) reader.Error(b.Get("rate")!, $"'{b.Child("rate")}' is given with factor, expected one of them");
        else if (b.Has("rate")) factor = calmRate > 0 ? (b.Rate("rate") ?? calmRate) / calmRate : 1;
        else factor = b.Number("factor", required: true) ?? 1;
        return new RandomBursts(factor, b.Duration("calm", required: true) ?? 1, b.Duration("burst", required: true) ?? 1);
    }
}
