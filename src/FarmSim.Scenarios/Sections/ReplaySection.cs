using System.Collections.Concurrent;
using FarmSim.Farm.Topology;
using FarmSim.Logs;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace FarmSim.Scenarios.Sections;

/// <summary>
/// Reads <c>arrival.replay</c>: which logs an app's arrivals come from, whether their logged times
/// are the demands, and the load's scale. The logs themselves are read once the app's path is
/// known (<see cref="ReadTraces"/>), and kept for the next load of the same files (a sweep or a plan
/// loads its scenario many times).
/// </summary>
internal static class ReplaySection
{
    private static readonly ConcurrentDictionary<string, LogTrace> Traces = new();

    /// <summary>The replay as written, its logs not read yet; null when the arrival has none.</summary>
    public static ReplaySpec? Read(ScenarioReader reader, Fields arrival)
    {
        if (arrival.Get("replay") is not { } node) return null;
        string directory = Path.GetDirectoryName(Path.GetFullPath(reader.File)) ?? ".";
        var logs = new List<string>();
        IEnumerable<YamlNode> items = node is YamlSequenceNode list ? list.Children : [node];
        foreach (var item in items)
        {
            if (item is YamlScalarNode { Value: { Length: > 0 } text }) logs.Add(Path.IsPathRooted(text) ? text : Path.Combine(directory, text));
            else reader.Error(item, $"'{arrival.Child("replay")}' is {ScenarioReader.KindOf(item)}, expected a log file or folder, or a list of them");
        }
        foreach (string key in new[] { "rate", "profile", "bursts", "random_bursts" })
            if (arrival.Get(key) is { } other) reader.Error(other, $"'{arrival.Child(key)}' is given with replay, expected the replay alone (scale it with scale)");
        bool logged = arrival.Choice("demands", ["model", "logged"]) == "logged";
        double scale = arrival.Number("scale") ?? 1;
        string? format = arrival.Text("nginx_format", expected: "an NGINX log_format");
        var excludes = new List<string>();
        if (arrival.Get("exclude") is { } patterns)
            foreach (var item in patterns is YamlSequenceNode many ? many.Children : [patterns])
                if (item is YamlScalarNode { Value: { Length: > 0 } pattern }) excludes.Add(pattern);
                else reader.Error(item, $"'{arrival.Child("exclude")}' is {ScenarioReader.KindOf(item)}, expected a path pattern such as '*.css', or a list of them");
        if (format is not null && LogReader.NginxFormatProblem(format) is { } problem) reader.Error(arrival.Get("nginx_format")!, $"'{arrival.Child("nginx_format")}': {problem}");
        reader.Remember(arrival.Child("replay"), node);
        double offset = 0;
        if (arrival.Text("utc_offset", expected: Units.UtcOffsetHint) is { } offsetText && !Units.TryParseUtcOffset(offsetText, out offset))
            reader.Error(arrival.Get("utc_offset")!, $"'{arrival.Child("utc_offset")}' is '{offsetText}', expected {Units.UtcOffsetHint}");
        return new ReplaySpec(logs, [], [], 1, logged, scale) { NginxFormat = format, Excludes = excludes, UtcOffset = offset };
    }

    /// <summary>Reads each replayed app's logged requests under its path, or says why it cannot.</summary>
    public static Scenario ReadTraces(ScenarioReader reader, Scenario scenario)
    {
        var apps = scenario.Farm.Apps.ToList();
        // A request belongs to the app of the longest path it is under, among all the scenario's apps.
        var routes = apps.Select(x => new AppRoute(x.Name, x.Path)).ToList();
        for (int a = 0; a < apps.Count; a++)
        {
            if (apps[a].Replay is not { } replay || replay.Logs.Count == 0) continue;
            string at = $"apps[{a}].arrival.replay";
            var node = reader.NodeOf(at) ?? reader.NodeOf($"apps[{a}]");
            var trace = Trace(replay.Logs, new AppRoutes(routes, replay.Excludes), a, new LogOptions { NginxFormat = replay.NginxFormat, UtcOffset = replay.UtcOffset },
                string.Join(",", routes.Select(r => r.Path)) + "|" + string.Join(",", replay.Excludes));
            var r = trace.Reading;
            foreach (var problem in r.FileErrors) Report(reader, node, at, problem.ToString());
            if (trace.TooLarge)
                Report(reader, node, at, $"the logs hold more than {LogTrace.MostRequests:N0} requests under {apps[a].Path}, more than a replay keeps in memory; replay a shorter span (fewer files)");
            if (r.FileErrors.Count == 0 && trace.Arrivals.Length == 0)
                Report(reader, node, at, $"no logged request is under the app's path {apps[a].Path} ({r.Requests:N0} requests in {r.Files.Count} file(s)), expected its requests");
            if (r.Skipped > 0 && node is not null)
                reader.Warning(node, $"'{reader.Written(at)}' skipped {r.Skipped:N0} lines that could not be read (first: {r.Problems[0]})");
            if (replay.LoggedDemands && apps[a].Classes is not null && node is not null)
                reader.Warning(node, $"'{reader.Written(at)}' asks for logged demands, but the app has request classes: their demands are drawn as the classes say");
            else if (replay.LoggedDemands && trace.Demands.All(float.IsNaN) && trace.Arrivals.Length > 0 && node is not null)
                reader.Warning(node, $"'{reader.Written(at)}' asks for logged demands, but the logs give no time taken: the service distribution gives them");
            apps[a] = apps[a] with { Replay = replay with { Arrivals = trace.Arrivals, Demands = trace.Demands, Resolution = trace.Resolution } };
        }
        return scenario with { Farm = scenario.Farm with { Apps = apps } };
    }

    private static void Report(ScenarioReader reader, YamlNode? node, string at, string problem)
    {
        if (node is null) reader.Error(new Mark(0, 1, 1), $"'{at}': {problem}");
        else reader.Error(node, $"'{reader.Written(at)}': {problem}");
    }

    private static LogTrace Trace(IReadOnlyList<string> logs, AppRoutes routes, int app, LogOptions options, string routing)
    {
        // The same files, unchanged, cut by the same routes and read the same way, give the same trace.
        string key = string.Join("|", logs.Select(l => $"{Path.GetFullPath(l)}@{Stamp(l)}")) + "#" + routing + "#" + app + "#" + options.NginxFormat + "#" + options.UtcOffset;
        if (Traces.TryGetValue(key, out var known)) return known;
        var trace = LogTrace.Read(logs, routes, app, options);
        if (trace.Reading.FileErrors.Count == 0)
        {
            if (Traces.Count > 16) Traces.Clear();
            Traces[key] = trace;
        }
        return trace;
    }

    private static string Stamp(string path) =>
        File.Exists(path) ? $"{new FileInfo(path).Length}:{File.GetLastWriteTimeUtc(path).Ticks}"
        : Directory.Exists(path) ? string.Join(",", Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).Select(f => $"{f}:{new FileInfo(f).Length}:{File.GetLastWriteTimeUtc(f).Ticks}"))
        : "missing";
}
