using FarmSim.Farm.Topology;

namespace FarmSim.Reports;

/// <summary>
/// What happened to servers, for the report: each server that went down or was drained, its events,
/// and what it cost over the measured period: requests lost in its crashes, requests it refused
/// while down (before its balancers' checks took it out), and its availability.
/// </summary>
public static class ServerEventsTable
{
    public static List<string[]> Of(ResultsData data)
    {
        var farm = data.Scenario.Farm;
        var rows = new List<string[]> { new[] { "server", "what happened", "lost (failed)", "refused", "availability" } };
        var servers = farm.Events.Select(e => e.Server).Concat(farm.Servers.Where(s => s.Failures is not null).Select(s => s.Name)).Distinct();
        foreach (string server in servers)
        {
            var events = farm.Events.Where(e => e.Server == server).OrderBy(e => e.At)
                .Select(e => $"{e.Action.ToString().ToLowerInvariant()} at {TimeText.Of(e.At)}{(e.Action == ServerAction.Drain ? $" (delay {TimeText.Of(e.Delay)})" : "")}").ToList();
            if (farm.Servers.FirstOrDefault(s => s.Name == server)?.Failures is { } f)
                events.Add($"random failures (mean {TimeText.Of(f.Between.Mean)} between, {TimeText.Of(f.Repair.Mean)} to repair)");
            string Figure(string metric, string format) => data.Row("server", server, metric) is { } r
                ? $"{r.Value.ToString(format, System.Globalization.CultureInfo.InvariantCulture)}{(double.IsFinite(r.HalfWidth) ? $" ± {r.HalfWidth.ToString(format, System.Globalization.CultureInfo.InvariantCulture)}" : "")}"
                : "–";
            rows.Add([server, string.Join("; ", events), Figure("failed", "0.#"), Figure("rejected", "0.#"), Figure("availability", "0.0%")]);
        }
        return rows;
    }
}
