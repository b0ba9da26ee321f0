using FarmSim.Farm.Topology;

namespace FarmSim.Reports;

/// <summary>
/// What happened to servers, for the report: each server that an event or a publish concerns, its events,
/// and what it cost over the measured period: requests lost in its crashes, requests it refused
/// while down (before its balancers' checks took it out), and its availability.
/// </summary>
public static class ServerEventsTable
{
    public static List<string[]> Of(ResultsData data)
    {
        var farm = data.Scenario.Farm;
        var rows = new List<string[]> { new[] { "server", "what happened", "lost (failed)", "refused", "availability", "detected after (s)" } };
        var serverEvents = farm.Events.OfType<ServerEvent>().ToList();
        var publishes = farm.Events.OfType<PublishEvent>().ToList();
        var servers = serverEvents.Select(e => e.Server)
            .Concat(publishes.SelectMany(p => farm.Zones.Where(z => z.Name == p.Zone).SelectMany(farm.EverMembersOf)))
            .Concat(farm.Servers.Where(s => s.Failures is not null).Select(s => s.Name)).Distinct();
        foreach (string server in servers)
        {
            var events = serverEvents.Where(e => e.Server == server).Select(e => (e.At, Text: Describe(e)))
                .Concat(publishes.Where(p => farm.Zones.Any(z => z.Name == p.Zone && farm.EverMembersOf(z).Contains(server)))
                    .Select(p => (p.At, Text: $"publish of {p.Zone} at {TimeText.Of(p.At)} ({(p.AtATime is { } n ? $"rolling, {n} at a time" : "all at once")})")))
                .OrderBy(e => e.At).Select(e => e.Text).ToList();
            if (farm.Servers.FirstOrDefault(s => s.Name == server)?.Failures is { } f)
                events.Add($"random failures (mean {TimeText.Of(f.Between.Mean)} between, {TimeText.Of(f.Repair.Mean)} to repair)");
            string Figure(string metric, string format) => data.Row("server", server, metric) is { } r
                ? $"{r.Value.ToString(format, System.Globalization.CultureInfo.InvariantCulture)}{(double.IsFinite(r.HalfWidth) ? $" ± {r.HalfWidth.ToString(format, System.Globalization.CultureInfo.InvariantCulture)}" : "")}"
                : "–";
            rows.Add([server, string.Join("; ", events), Figure("failed", "0.#"), Figure("rejected", "0.#"), Figure("availability", "0.0%"), Figure("detection_mean_s", "0.0")]);
        }
        return rows;
    }

    private static string Describe(ServerEvent e) => e.Action switch
    {
        ServerAction.Drain => $"drain at {TimeText.Of(e.At)} (delay {TimeText.Of(e.Delay)})",
        ServerAction.Weight => $"weight {e.Weight} at {TimeText.Of(e.At)}",
        ServerAction.Join or ServerAction.Leave => $"{(e.Action == ServerAction.Join ? "joins" : "leaves")} {e.Zone} at {TimeText.Of(e.At)}",
        _ => $"{e.Action.ToString().ToLowerInvariant()} at {TimeText.Of(e.At)}",
    };
}
