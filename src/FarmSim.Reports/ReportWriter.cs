using System.Globalization;
using FarmSim.Farm.Topology;
using FarmSim.Reports.Charts;
using FarmSim.Scenarios;

namespace FarmSim.Reports;

/// <summary>
/// The charts (PNG), <c>report.md</c> and a self-contained <c>report.html</c> (images embedded, no
/// scripts, no fetches), all drawn from a results folder's files.
/// </summary>
public static class ReportWriter
{
    public const string Markdown = "report.md";
    public const string Html = "report.html";

    private static readonly (string File, string Title, Func<ResultsData, byte[]> Draw)[] Charts =
    [
        (TopologyChart.FileName, "Topology", TopologyChart.Draw),
        (LatencyCdfChart.FileName, "Response time distribution", LatencyCdfChart.Draw),
        (PercentileChart.FileName, "Response time percentiles", PercentileChart.Draw),
        (UtilizationChart.FileName, "Server utilisation", UtilizationChart.Draw),
        (OverTimeChart.FileName, "Over time", OverTimeChart.Draw),
    ];

    public static IReadOnlyList<string> ChartFiles { get; } = Charts.Select(c => c.File).ToList();

    /// <summary>Reads <paramref name="resultsFolder"/> and writes the charts and reports into <paramref name="into"/>.</summary>
    public static void Write(string resultsFolder, string into)
    {
        Invariant.Run(() =>
        {
            var data = ResultsData.Load(resultsFolder);
            var images = Charts.Select(c => (c.File, c.Title, Png: c.Draw(data))).ToList();
            foreach (var (file, _, png) in images) File.WriteAllBytes(Path.Combine(into, file), png);
            var page = BuildPage(data, images);
            page.WriteTo(into);
        });
    }

    /// <summary>Per app: offered load, throughput, p50/p95/p99 with their 95% CI, rejected share.</summary>
    public static List<string[]> HeadlineTable(ResultsData data)
    {
        var rows = new List<string[]> { new[] { "app", "zone", "offered", "offered work", "throughput", "p50", "p95", "p99", "rejected" } };
        var rates = data.Scenario.Farm.EffectiveArrivalRates();
        var work = data.Scenario.Farm.OfferedWork();
        foreach (var app in data.Scenario.Farm.Apps)
        {
            string Ms(string metric)
            {
                var row = data.Row("app", app.Name, metric);
                if (row is null) return "-";
                return double.IsFinite(row.HalfWidth) ? $"{row.Value:0.0} ± {row.HalfWidth:0.0} ms" : $"{row.Value:0.0} ms";
            }
            rows.Add(
            [
                app.Name, app.Zone, $"{rates[app.Name]:0.##}/s", $"{work[app.Name]:0.##} {(app.Classes is null ? "workers" : "cores")}",
                $"{data.Value("app", app.Name, "throughput_rps"):0.##}/s", Ms("latency_p50_ms"), Ms("latency_p95_ms"), Ms("latency_p99_ms"),
                $"{data.Value("app", app.Name, "rejected_fraction") * 100:0.###}%",
            ]);
        }
        return rows;
    }

    /// <summary>What a reviewer should look at first: overloaded zones, servers near saturation, rejections.</summary>
    public static List<string> Warnings(ResultsData data)
    {
        var warnings = new List<string>();
        foreach (var load in OfferedLoad.PerZone(data.Scenario.Farm))
            if (load.Offered > load.Capacity)
                warnings.Add($"Zone {load.Zone.Name} is overloaded: offered {load.Offered:0.##} busy workers of work against a capacity of {load.Capacity:0.##} (workers × speed).");
        foreach (var server in data.Scenario.Farm.Servers)
        {
            double u = data.Value("server", server.Name, "utilization");
            if (u >= 0.8) warnings.Add($"Server {server.Name} is near saturation: {u * 100:0.#}% utilised.");
            double rejected = data.Value("server", server.Name, "rejected");
            if (rejected > 0) warnings.Add($"Server {server.Name} rejected {rejected:0.#} requests per replication (queue full, 503).");
        }
        return warnings;
    }

    /// <summary>A short, resolved description of what was simulated.</summary>
    public static List<string> FarmSummary(Scenario scenario)
    {
        var farm = scenario.Farm;
        var s = scenario.Simulation;
        string Server(FrontEndSpec f) =>
            $"{f.Name} ({f.Workers} workers, queue {(f.QueueLimit is { } q ? q.ToString(CultureInfo.InvariantCulture) : "unlimited")}{(f.Speed != 1 ? $", speed {f.Speed:0.##}" : "")}{(f.Weight != 1 ? $", weight {f.Weight:0.##}" : "")})";
        return
        [
            $"Simulated {Units.FormatDuration(s.Duration)} after a {Units.FormatDuration(s.Warmup)} warm-up, {s.Replications} replications, seed {s.Seed}; charts over time in windows of {Units.FormatDuration(s.WindowOrDefault)}.",
            $"Environment {farm.Proxy.Address}: {Hops(farm)}.",
            $"Servers: {string.Join(", ", farm.Servers.Select(Server))}.",
            .. farm.Zones.Select(z => $"Zone {z.Name}{(z.Address is null ? "" : $" ({z.Address})")}: {z.Balancer}{Sticky(z.Affinity)} over {string.Join(", ", farm.MembersOf(z))}."),
            .. farm.Apps.Select(a => $"App {a.Name} at {a.Path} in zone {a.Zone}: {Users(a)}, service {Describe(a)}."),
        ];
    }

    /// <summary>The network delays as the scenario sets them: each hop that takes time, or that none does.</summary>
    private static string Hops(FarmSpec farm)
    {
        var hops = new List<string>();
        void Add(string what, Engine.Distributions.DistributionSpec? d)
        {
            if (d is not null) hops.Add($"{what} {Describe(d)}");
        }
        Add("user to the main proxy", farm.Hops.UserToProxy);
        if (farm.Hops.ToZone is not null) Add("to a zone's balancer", farm.Hops.ToZone);
        else if (farm.Proxy.Latency > 0) hops.Add($"the main proxy to a zone's balancer {Units.FormatDuration(farm.Proxy.Latency)}");
        Add("balancer to server", farm.Hops.ZoneToServer);
        Add("server to database", farm.Hops.ServerToDatabase);
        if (farm.Hops.UserBandwidth is { } bandwidth) hops.Add($"the users' link {bandwidth * 8 / 1e6:0.##} Mbit/s");
        return hops.Count == 0 ? "no network delay is modelled" : "one-way hops: " + string.Join("; ", hops);
    }

    /// <summary>How an app's users come, in the words of the scenario.</summary>
    private static string Users(AppSpec app)
    {
        string Profile(LoadProfile? profile) => profile is null ? "" : profile.Points.Count > 1 || profile.Repeat is not null
            ? $", following a {(profile.Shape == ProfileShape.Linear ? "linear" : "stepped")} profile{(profile.Repeat is { } r ? $" every {Units.FormatDuration(r)}" : "")} (peak {profile.PeakFactor:0.##} ×){Bursts(profile)}"
            : Bursts(profile);
        string Bursts(LoadProfile profile) => profile.Bursts.Count == 0 ? "" : $", {profile.Bursts.Count} burst{(profile.Bursts.Count == 1 ? "" : "s")}";
        string Random(RandomBursts? b) => b is null ? "" : $", random bursts × {b.Factor:0.##} ({Units.FormatDuration(b.Bursting)} in every {Units.FormatDuration(b.Calm + b.Bursting)} on average)";
        if (app.Replay is { } replay)
            return $"{replay.Arrivals.Count:N0} logged requests replayed from {replay.Source}{(replay.Factor == 1 ? "" : $" × {replay.Factor:0.##}")}{(replay.LoggedDemands ? ", each with its logged time as its demand" : "")}";
        if (app.Users is { } users) return $"{users.Count} users thinking {Describe(users.Think)}{Profile(users.Profile)}";
        if (app.Sessions is { } s)
            return $"{s.Rate:0.###} visits/s{Profile(s.Profile)}{Random(s.RandomBursts)}, thinking {Describe(s.Think)}, " +
                (s.Navigation is null ? $"{s.Pages?.Mean ?? 1:0.##} pages{(s.Pages?.Geometric == true ? " on average" : "")} per visit" : "pages by its navigation");
        return app.ArrivalRate > 0 ? $"{app.ArrivalRate:0.##} requests/s{Profile(app.Profile)}{Random(app.RandomBursts)}" : "reached only by calls";
    }

    private static string Describe(AppSpec app) => app.Classes is { } classes
        ? string.Join("; ", classes.Select(c => $"{c.Name} {c.Share:P0}" + (c.Cpu is null ? "" : $", CPU {Describe(c.Cpu)}")
            + (c.Queries > 0 ? $", {c.Queries} database {(c.Queries == 1 ? "query" : "queries")} of {Describe(c.QueryTime!)}" : "")))
        : Describe(app.Service);

    private static string Describe(Engine.Distributions.DistributionSpec service) => service.Kind switch
    {
        Engine.Distributions.DistributionKind.Constant => $"constant {Units.FormatDuration(service.Mean)}",
        Engine.Distributions.DistributionKind.Uniform => $"uniform {Units.FormatDuration(service.Min)} to {Units.FormatDuration(service.Max)}",
        Engine.Distributions.DistributionKind.Erlang => $"erlang, mean {Units.FormatDuration(service.Mean)}, k {service.K}",
        Engine.Distributions.DistributionKind.Exponential => $"exponential, mean {Units.FormatDuration(service.Mean)}",
        Engine.Distributions.DistributionKind.Weibull => $"weibull, mean {Units.FormatDuration(service.Mean)}, shape {service.Shape:0.##}",
        Engine.Distributions.DistributionKind.Empirical => $"empirical ({service.Quantiles!.Count} quantiles), mean {Units.FormatDuration(service.Mean)}, median {Units.FormatDuration(service.Quantile(0.5))}",
        var kind => $"{kind.ToString().ToLowerInvariant()}, mean {Units.FormatDuration(service.Mean)}, cv {service.Cv:0.##}",
    };

    private static Page BuildPage(ResultsData data, IReadOnlyList<(string File, string Title, byte[] Png)> charts)
    {
        var page = new Page($"FarmSim report: {data.Scenario.Name}");
        if (data.Scenario.Description is { } description) page.Paragraph(description);
        page.List(FarmSummary(data.Scenario));
        page.Heading(2, "Per app (mean ± 95% confidence half-width over replications)").Table(HeadlineTable(data));
        page.Heading(2, "Warnings");
        var warnings = Warnings(data);
        if (warnings.Count == 0) page.Paragraph("None: no zone is overloaded, no server is above 80% utilisation, nothing was rejected.");
        else page.List(warnings, warnings: true);
        if (data.Scenario.Farm.Apps.Any(PeakAndObjectives.Changes) || data.Objectives.Any(o => o.AtPeak))
            page.Heading(2, "The peak: each app's worst window by p95 (mean ± 95% CI over replications)").Table(PeakAndObjectives.PeakTable(data));
        var moves = data.Scenario.Farm.Events.OfType<AppMoveEvent>().OrderBy(m => m.At).ToList();
        if (moves.Count > 0)
            page.Heading(2, "Apps moved between zones").List(moves.Select(m =>
                $"{m.App} moves to {m.Zone} at {TimeText.Of(m.At)}: what its users send from then on goes to {m.Zone}'s balancer; its app and zone figures count in the zone it ends in"));
        if (data.Scenario.Farm.CanFail || data.Scenario.Farm.Events.OfType<ServerEvent>().Any())
            page.Heading(2, "What happened to servers (mean ± 95% CI over replications, measured period)").Table(ServerEventsTable.Of(data))
                .Paragraph("Lost: requests the server held when it crashed (their users got an error). Refused: requests its balancers still sent it while it was down or its pool was restarting, before their health checks took it out (retried elsewhere where the zone has retries). Availability: its share of the time up (a restarting pool is up, serving nothing of its zone). Detected after: the mean time from its failure (a crash, a pool's restart while in rotation) to the moment a balancer's checks took it out; – when none did in the measured period. The over-time chart shades each server's time down (red) or drained (amber), each publish (blue) and each recycle's restart and cold start (purple).");
        var closed = ClosedUsersAgainstMva.Table(data);
        if (closed.Count > 1)
            page.Heading(2, "Closed users against Mean Value Analysis").Table(closed)
                .Paragraph("MVA takes each server as a queue visited in the balancer's shares (exact for one worker; for several, Seidmann's equivalent: one worker as fast as all of them plus a delay), " +
                    "the other apps' load as lost capacity; the simulation differs where service times are not exponential or the balancer does not split the load in fixed shares.");
        if (data.Objectives.Count > 0)
            page.Heading(2, "Objectives (met only when the far end of the 95% interval meets the target)").Table(PeakAndObjectives.ObjectivesTable(data));
        page.Heading(2, "Charts");
        foreach (var (file, title, png) in charts) page.Image(title, file, png);
        return page;
    }

    /// <summary>A zone's sticky sessions, as the report names them.</summary>
    private static string Sticky(AffinitySpec? affinity) => affinity switch
    {
        null => "",
        { By: AffinityBy.Cookie } => $", sticky sessions by cookie{Ttl(affinity)}",
        _ => $", sticky sessions by client address{Ttl(affinity)}",
    };

    private static string Ttl(AffinitySpec affinity) => affinity.Ttl is { } ttl ? $" (forgotten after {Units.FormatDuration(ttl)} unused)" : "";
}
