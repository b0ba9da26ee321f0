using FarmSim.Engine.Distributions;
using FarmSim.Experiments;
using FarmSim.Farm.Metrics;
using FarmSim.Farm.Topology;

namespace FarmSim.Tests.Farm;

public class FarmBehaviourTests
{
    private static FarmSpec TwoZones(string intranetBalancer = "least-connections") => new(
        new ProxySpec("www.mydomain.net", 0.002),
        [new FrontEndSpec("fe1", 4), new FrontEndSpec("fe2", 4), new FrontEndSpec("fe3", 4, Speed: 1.5)],
        [new ZoneSpec("Global", null, [], "round-robin"), new ZoneSpec("Intranet", "intranet", ["fe2", "fe3"], intranetBalancer)],
        [
            new AppSpec("AppX", "/AppX", "Global", 200, DistributionSpec.LogNormal(0.02, 1.5)),
            new AppSpec("AppY", "/AppY", "Intranet", 100, DistributionSpec.Exponential(0.03)),
        ]);

    [Test]
    public void The_same_seed_gives_identical_summaries_on_any_number_of_threads()
    {
        var settings = new SimulationSettings(200, 10, 4, 42);
        var one = ReplicationRunner.Run(TwoZones(), settings, threads: 1).Summary;
        var two = ReplicationRunner.Run(TwoZones(), settings, threads: 2).Summary;
        var other = ReplicationRunner.Run(TwoZones(), settings with { Seed = 43 }, threads: 2).Summary;
        Assert.That(two, Is.EqualTo(one));
        Assert.That(other, Is.Not.EqualTo(one));
    }

    [Test]
    public void An_app_reaches_only_the_servers_of_its_zone()
    {
        // No proxy hop: a request caught in the hop at the end would count at the app but at no server.
        var farm = TwoZones() with { Proxy = new ProxySpec("www.mydomain.net"), Apps = [new AppSpec("AppY", "/AppY", "Intranet", 100, DistributionSpec.Exponential(0.03))] };
        var result = Farms.Run(farm, 100, 0, 1)[0];
        Assert.That(result.Find(Scope.Server, "fe1")[Metric.Arrivals], Is.Zero);
        Assert.That(result.Find(Scope.Server, "fe2")[Metric.Arrivals] + result.Find(Scope.Server, "fe3")[Metric.Arrivals],
            Is.EqualTo(result.Find(Scope.App, "AppY")[Metric.Arrivals]));
    }

    [Test]
    public void Changing_one_zones_balancer_leaves_the_other_apps_arrivals_unchanged()
    {
        // Common random numbers: every app's arrivals and service times have their own streams.
        var a = Farms.Run(TwoZones("least-connections"), 100, 10, 2);
        var b = Farms.Run(TwoZones("random"), 100, 10, 2);
        Assert.That(b.Values(Scope.App, "AppX", Metric.Arrivals), Is.EqualTo(a.Values(Scope.App, "AppX", Metric.Arrivals)));
        Assert.That(b.Values(Scope.App, "AppY", Metric.Arrivals), Is.EqualTo(a.Values(Scope.App, "AppY", Metric.Arrivals)));
        Assert.That(b.Values(Scope.App, "AppY", Metric.LatencyMeanMs), Is.Not.EqualTo(a.Values(Scope.App, "AppY", Metric.LatencyMeanMs)));
    }

    [Test]
    public void Adding_an_app_and_a_zone_leaves_the_other_apps_streams_unchanged()
    {
        // Streams are named, not numbered by creation order: a new app draws from streams of its own.
        var before = TwoZones();
        var after = before with
        {
            Servers = [.. before.Servers, new FrontEndSpec("fe4", 4)],
            Zones = [new ZoneSpec("Extranet", null, ["fe4"], "random"), .. before.Zones],
            Apps = [new AppSpec("AppZ", "/AppZ", "Extranet", 50, DistributionSpec.Exponential(0.01)), .. before.Apps],
        };
        var a = Farms.Run(before, 100, 10, 2);
        var b = Farms.Run(after, 100, 10, 2);
        foreach (string app in new[] { "AppX", "AppY" })
            Assert.That(b.Values(Scope.App, app, Metric.Arrivals), Is.EqualTo(a.Values(Scope.App, app, Metric.Arrivals)), app);
    }

    [Test]
    public void Zone_and_farm_rows_add_up_their_apps()
    {
        // Without a proxy hop no request is between the proxy and a server at the period's edges.
        var farm = TwoZones() with { Proxy = new ProxySpec("www.mydomain.net") };
        var result = Farms.Run(farm, 200, 10, 1)[0];
        double Get(Scope s, string n, Metric m) => result.Find(s, n)[m];
        foreach (var metric in new[] { Metric.Arrivals, Metric.Completed, Metric.Rejected })
        {
            Assert.That(Get(Scope.Zone, "Global", metric), Is.EqualTo(Get(Scope.App, "AppX", metric)));
            Assert.That(Get(Scope.Zone, "Intranet", metric), Is.EqualTo(Get(Scope.App, "AppY", metric)));
            Assert.That(Get(Scope.Farm, "farm", metric), Is.EqualTo(Get(Scope.App, "AppX", metric) + Get(Scope.App, "AppY", metric)));
        }
        // A server shared by two zones serves both apps: its arrivals are the sum of what each zone sent.
        double servers = new[] { "fe1", "fe2", "fe3" }.Sum(s => Get(Scope.Server, s, Metric.Arrivals));
        Assert.That(servers, Is.EqualTo(Get(Scope.Farm, "farm", Metric.Arrivals)));
        Assert.That(Get(Scope.Farm, "farm", Metric.LatencyMaxMs),
            Is.EqualTo(Math.Max(Get(Scope.App, "AppX", Metric.LatencyMaxMs), Get(Scope.App, "AppY", Metric.LatencyMaxMs))));
    }

    [Test]
    public void Rejected_requests_count_in_rejected_and_never_in_latency()
    {
        // One worker, no queue, constant 1 s service: whatever arrives while it is busy is
        // rejected, and every completed request took exactly 1 s.
        var farm = Farms.Single(1, 1, 5, DistributionSpec.Constant(1), queueLimit: 0);
        var app = Farms.Run(farm, 500, 0, 1)[0].Find(Scope.App, "App");
        Assert.That(app[Metric.Rejected], Is.GreaterThan(0));
        Assert.That(app[Metric.Rejected] + app[Metric.Completed], Is.EqualTo(app[Metric.Arrivals]).Within(1), "one may be in service at the end");
        Assert.That(app[Metric.LatencyMaxMs], Is.EqualTo(1000).Within(1e-6));
        Assert.That(app[Metric.LatencyMeanMs], Is.EqualTo(1000).Within(1e-6));
        Assert.That(app[Metric.LatencyP99Ms], Is.EqualTo(1000).Within(1000 * 1e-3), "within the histogram's 0.1%");
        Assert.That(app[Metric.ThroughputRps], Is.EqualTo(app[Metric.Completed] / 500));
    }

    [Test]
    public void Speed_divides_the_service_time()
    {
        // No queue: a request either starts at once or is rejected, so every latency is the service time.
        var farm = new FarmSpec(new ProxySpec("x"), [new FrontEndSpec("fast", 1, 0, Speed: 2)],
            [new ZoneSpec("Global", null, [], "round-robin")],
            [new AppSpec("App", "/App", "Global", 1, DistributionSpec.Constant(1))]);
        var app = Farms.Run(farm, 1000, 0, 1)[0].Find(Scope.App, "App");
        Assert.That(app[Metric.Completed], Is.GreaterThan(100));
        Assert.That(app[Metric.LatencyMeanMs], Is.EqualTo(500).Within(1e-6));
        Assert.That(app[Metric.LatencyMaxMs], Is.EqualTo(500).Within(1e-6));
    }

    [Test]
    public void A_farm_with_broken_references_is_refused_with_every_problem_named()
    {
        var farm = new FarmSpec(new ProxySpec("x"), [new FrontEndSpec("fe1", 0)],
            [new ZoneSpec("Intranet", null, ["fe9"], "fastest")],
            [new AppSpec("A", "/A", "Nowhere", 0, DistributionSpec.Exponential(1)), new AppSpec("B", "/a", "Intranet", 1, DistributionSpec.Exponential(1))]);
        var paths = FarmProblems.Of(farm).Select(p => p.Path).ToList();
        Assert.That(paths, Is.EquivalentTo(new[]
        {
            "servers[0].workers", "zones[0].balancer", "zones[0].servers[0]",
            "apps[0].zone", "apps[0].arrival.rate", "apps[1].path",
        }));
        Assert.Throws<ArgumentException>(() => new FarmSim.Farm.Runtime.FarmReplication(farm, new SimulationSettings(1, 0, 1, 1), 0));
    }
}
