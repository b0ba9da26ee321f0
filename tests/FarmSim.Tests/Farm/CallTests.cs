using FarmSim.Farm.Metrics;
using FarmSim.Scenarios;

namespace FarmSim.Tests.Farm;

/// <summary>Server-side calls between apps, through the producer's zone address.</summary>
public class CallTests
{
    private const string Farm = """
        name: calls
        simulation: { duration: 100s, warmup: 10s, replications: 3, seed: 2 }
        environment: { proxy: { latency: 2ms } }
        servers: [ { name: fe1, workers: 32, cores: 4 }, { name: fe2, workers: 32, cores: 4 }, { name: be1, workers: 16, cores: 2 }, { name: be2, workers: 16 } ]
        zones: [ { name: Front, servers: [fe1, fe2] }, { name: Back, servers: [be1, be2], balancer: least-connections } ]
        apps:
          - name: Portal
            zone: Front
            arrival: { rate: 40/s }
            classes:
              - { name: Home, share: 80%, cpu: 5ms, calls: [ { app: Orders, class: List, count: 2 }, { app: Orders, class: Detail, probability: 50% } ] }
              - { name: Search, share: 20%, cpu: 30ms }
          - name: Orders
            zone: Back
            classes:
              - { name: List, share: 100%, cpu: 10ms }
              - { name: Detail, share: 0%, cpu: 2ms }
        """;

    [Test]
    public void A_call_to_an_app_in_another_zone_reaches_that_zones_servers_only()
    {
        // Without hops a request reaches its server the moment it is made, so no count straddles the
        // end of the warm-up and the tallies must agree exactly.
        var results = Farms.Run(Farm.Replace("share: 0%", "share: 1%").Replace("share: 100%, cpu: 10ms", "share: 99%, cpu: 10ms")
            .Replace("environment: { proxy: { latency: 2ms } }", ""));
        foreach (var r in results)
        {
            double orders = r.Find(Scope.App, "Orders")[Metric.Arrivals];
            double back = r.Find(Scope.Server, "be1")[Metric.Arrivals] + r.Find(Scope.Server, "be2")[Metric.Arrivals];
            double front = r.Find(Scope.Server, "fe1")[Metric.Arrivals] + r.Find(Scope.Server, "fe2")[Metric.Arrivals];
            Assert.That(back, Is.EqualTo(orders), "every call lands in the Back zone");
            Assert.That(front, Is.EqualTo(r.Find(Scope.App, "Portal")[Metric.Arrivals]), "and none in Front");
        }
    }

    [Test]
    public void The_called_apps_arrivals_are_the_calls_made()
    {
        var results = Farms.Run(Farm.Replace("share: 0%", "share: 1%").Replace("share: 100%, cpu: 10ms", "share: 99%, cpu: 10ms"));
        foreach (var r in results)
        {
            double list = r.Find(Scope.Call, "Portal.Home->Orders.List")[Metric.Arrivals];
            double detail = r.Find(Scope.Call, "Portal.Home->Orders.Detail")[Metric.Arrivals];
            var orders = r.Find(Scope.App, "Orders");
            Assert.That(orders[Metric.Arrivals], Is.EqualTo(list + detail));
            Assert.That(orders[Metric.InternalArrivals], Is.EqualTo(orders[Metric.Arrivals]), "all of Orders' requests are internal");
        }
        // Home is 80% of 40/s over 100 s, two List calls each, a Detail call half the time.
        var calls = results.Values(Scope.Call, "Portal.Home->Orders.List", Metric.Arrivals);
        // Home requests are Poisson (n = 3200 a replication); List calls are 2n, so their mean over
        // the replications has standard deviation 2 sqrt(n / replications): 3.3 of those.
        double homes = 0.8 * 40 * 100, reps = results.Count;
        Assert.That(calls.Average(), Is.EqualTo(2 * homes).Within(3.3 * 2 * Math.Sqrt(homes / reps)), "about 2 x 0.8 x 40/s x 100 s");
        // Detail calls given n Home requests are Binomial(n, 1/2): the share's standard deviation is sqrt(0.25 / n) per replication.
        var half = results.Select(r => r.Find(Scope.Call, "Portal.Home->Orders.Detail")[Metric.Arrivals] / r.Find(Scope.Call, "Portal.Home->Orders.List")[Metric.Arrivals] * 2).ToList();
        Assert.That(half.Average(), Is.EqualTo(0.5).Within(3.3 * Math.Sqrt(0.25 / (homes * reps))), "a Detail call on half of the Home requests");
    }

    [Test]
    public void Call_flows_follow_shares_counts_and_probabilities()
    {
        var farm = ScenarioLoader.Load(Farm).Scenario!.Farm;
        var flows = farm.CallFlows().ToDictionary(f => $"{f.Caller}.{f.CallerClass}->{f.Callee}.{f.CalleeClass}", f => f.Rate);
        Assert.That(flows, Has.Count.EqualTo(2));
        Assert.That(flows["Portal.Home->Orders.List"], Is.EqualTo(0.8 * 40 * 2).Within(1e-9));
        Assert.That(flows["Portal.Home->Orders.Detail"], Is.EqualTo(0.8 * 40 * 0.5).Within(1e-9));
        Assert.That(farm.EffectiveArrivalRates()["Orders"], Is.EqualTo(64 + 16).Within(1e-9));
    }

    [Test]
    public void A_caller_waits_for_its_calls_holding_its_worker()
    {
        // Home's latency covers its own CPU and its calls, made one after another: at this light
        // load, at least 5 ms of CPU + 2 proxy ms + 2 x 10 ms of List calls.
        var results = Farms.Run(Farm);
        double home = results.Values(Scope.App, "Portal", Metric.LatencyP50Ms).Average();
        Assert.That(home, Is.GreaterThan(5 + 2 + 2 * 10));
        Assert.That(results.Values(Scope.Call, "Portal.Home->Orders.List", Metric.LatencyMeanMs).Average(), Is.GreaterThanOrEqualTo(10));
    }

    [Test]
    public void A_call_through_a_zone_address_pays_its_hops()
    {
        // Constant hops: a List call takes 10 ms of CPU plus 3 ms to the Back zone's balancer plus 1 ms to a server.
        var results = Farms.Run(Farm.Replace("environment: { proxy: { latency: 2ms } }", "environment: { hops: { to_zone: 3ms, zone_to_server: 1ms } }"));
        Assert.That(results.Values(Scope.Call, "Portal.Home->Orders.List", Metric.LatencyP50Ms).Average(), Is.EqualTo(14).Within(14 * 1e-3), "p50 of a lightly loaded call: most find a core free, so exactly 14 ms, to the histogram's 0.1%");
    }

    [Test]
    public void A_cycle_of_calls_is_a_validation_error()
    {
        string cyclic = Farm.Replace("- { name: List, share: 100%, cpu: 10ms }", "- { name: List, share: 100%, cpu: 10ms, calls: [ { app: Portal, class: Search } ] }")
            .Replace("- { name: Search, share: 20%, cpu: 30ms }", "- { name: Search, share: 20%, cpu: 30ms, calls: [ { app: Orders, class: List } ] }");
        var problems = ScenarioLoader.Load(cyclic).Diagnostics.Select(d => d.Message).ToList();
        Assert.That(problems, Has.Some.Contains("closes a cycle of calls (Orders.List -> Portal.Search -> Orders.List)")
            .Or.Some.Contains("closes a cycle of calls (Portal.Search -> Orders.List -> Portal.Search)"));
        Assert.That(problems, Has.Count.EqualTo(1), "one cycle, reported once");
    }

    [Test]
    public void A_call_to_an_unknown_app_or_class_is_named()
    {
        var problems = ScenarioLoader.Load(Farm.Replace("{ app: Orders, class: Detail, probability: 50% }", "{ app: Order, class: Detail }, { app: Orders, class: Lst }"))
            .Diagnostics.Select(d => d.Message).ToList();
        Assert.That(problems, Has.Some.Contains("calls unknown app 'Order'").And.Some.Contains("calls unknown class 'Lst' of app 'Orders'"));
    }
}

/// <summary>Client-side calls: the browser's own requests through the main proxy once a page is answered.</summary>
public class BrowserCallTests
{
    private const string Farm = """
        name: browser
        simulation: { duration: 100s, warmup: 10s, replications: 3, seed: 3 }
        environment: { proxy: { timeout: 60ms } }
        servers: [ { name: fe1, workers: 8, cores: 2 }, { name: fe2, workers: 8, cores: 2 } ]
        zones: [ { name: Global } ]
        apps:
          - name: Portal
            arrival: { rate: 60/s }
            classes: [ { name: Home, share: 100%, cpu: { distribution: exponential, mean: 20ms }, browser: [ { app: Api, class: Get, count: 2 } ] } ]
          - name: Api
            classes: [ { name: Get, share: 100%, cpu: 5ms } ]
        """;

    [Test]
    public void Each_answered_page_makes_its_browser_calls_as_user_requests()
    {
        var results = Farms.Run(Farm);
        foreach (var r in results)
        {
            var portal = r.Find(Scope.App, "Portal");
            var api = r.Find(Scope.App, "Api");
            Assert.That(portal[Metric.Timeouts], Is.GreaterThan(0), "some pages take longer than the 60 ms timeout");
            Assert.That(api[Metric.Arrivals], Is.EqualTo(2 * portal[Metric.Completed]), "two calls per page answered in time, none for a 502");
            Assert.That(api[Metric.InternalArrivals], Is.Zero, "the browser's requests are user requests");
        }
    }

    [Test]
    public void A_browser_call_finds_the_worker_its_page_has_just_freed()
    {
        // One worker, no queue, a page every second or so: the Api call the browser makes on the
        // answer must find the worker free, not refused because the page still held it.
        var results = Farms.Run(Farm.Replace("environment: { proxy: { timeout: 60ms } }", "")
            .Replace("servers: [ { name: fe1, workers: 8, cores: 2 }, { name: fe2, workers: 8, cores: 2 } ]", "servers: [ { name: fe1, workers: 1, queue_limit: 0 } ]")
            .Replace("rate: 60/s", "rate: 1/s").Replace("count: 2", "count: 1"));
        // Without hops the call arrives the instant the worker is freed, before anything else can take it.
        Assert.That(results.Values(Scope.App, "Api", Metric.RejectedFraction), Has.All.Zero);
    }

    [Test]
    public void Only_a_users_request_makes_browser_calls()
    {
        // Portal.Home calls Orders.List server-side; List's browser calls would come back to Portal,
        // but a server-side call has no browser: no flow, and no cycle.
        string yaml = """
            name: b
            simulation: { duration: 10m }
            servers: [ { name: fe1, workers: 8 } ]
            apps:
              - name: Portal
                arrival: { rate: 10/s }
                classes: [ { name: Home, share: 100%, cpu: 5ms, calls: [ { app: Orders, class: List } ] } ]
              - name: Orders
                classes: [ { name: List, share: 100%, cpu: 5ms, browser: [ { app: Portal, class: Home } ] } ]
            """;
        var loaded = ScenarioLoader.Load(yaml);
        Assert.That(loaded.Diagnostics, Is.Empty);
        Assert.That(loaded.Scenario!.Farm.CallFlows().Select(f => $"{f.Caller}->{f.Callee}"), Is.EqualTo(new[] { "Portal->Orders" }));
        Assert.That(loaded.Scenario.Farm.EffectiveArrivalRates()["Portal"], Is.EqualTo(10));
    }

    [Test]
    public void A_cycle_through_the_browser_is_a_validation_error()
    {
        string cyclic = Farm.Replace("[ { name: Get, share: 100%, cpu: 5ms } ]", "[ { name: Get, share: 100%, cpu: 5ms, browser: [ { app: Portal, class: Home } ] } ]");
        var problems = ScenarioLoader.Load(cyclic).Diagnostics.Select(d => d.Message).ToList();
        Assert.That(problems, Has.Some.Contains("closes a cycle of calls"));
    }
}

/// <summary>A response's size over the user's bandwidth: time for the user, none for the server.</summary>
public class ResponseSizeTests
{
    [Test]
    public void A_response_takes_its_size_over_the_users_bandwidth_after_the_server_is_done()
    {
        // 250 KB at 20 Mbit/s (2.5 MB/s) is 100 ms on the wire, after 10 ms on the server.
        var results = Farms.Run("""
            name: size
            simulation: { duration: 100s, warmup: 10s, replications: 2, seed: 1 }
            environment: { hops: { user_bandwidth: 20Mbit/s } }
            servers: [ { name: fe1, workers: 100 } ]
            apps:
              - name: App
                arrival: { rate: 20/s }
                classes: [ { name: Page, share: 100%, cpu: 10ms, response: 250KB } ]
            """);
        Assert.That(results.Values(Scope.App, "App", Metric.LatencyMeanMs), Has.All.EqualTo(110).Within(1e-6), "the user waits for server and wire");
        Assert.That(results.Values(Scope.Server, "fe1", Metric.LatencyMeanMs), Has.All.EqualTo(10).Within(1e-6), "the server is done after its 10 ms");
    }

    [TestCase("proxy", 0.0)]
    [TestCase("client", 1.0)]
    public void The_proxy_times_out_waiting_for_the_server_and_the_user_for_the_whole_answer(string limit, double timedOut)
    {
        // 10 ms on the server, then 100 ms on the wire, and a 50 ms limit: the proxy has relayed the
        // answer long before its 502 would fire, while a user who waits 50 ms gives up on every page.
        var results = Farms.Run($$"""
            name: limits
            simulation: { duration: 100s, warmup: 10s, replications: 2, seed: 1 }
            environment: { {{(limit == "proxy" ? "proxy: { timeout: 50ms }" : "client: { timeout: 50ms }")}}, hops: { user_bandwidth: 20Mbit/s } }
            servers: [ { name: fe1, workers: 100 } ]
            apps: [ { name: App, arrival: { rate: 20/s }, classes: [ { name: Page, share: 100%, cpu: 10ms, response: 250KB } ] } ]
            """);
        Assert.That(results.Values(Scope.App, "App", Metric.TimeoutFraction), Has.All.EqualTo(timedOut).Within(0.01));
    }

    [Test]
    public void One_database_is_written_back_as_a_mapping()
    {
        var loaded = ScenarioLoader.Load("""
            name: one-db
            simulation: { duration: 10m }
            servers: [ { name: fe1, workers: 4 } ]
            database: { connections: 10, workers: 2, cores: 2 }
            apps: [ { name: A, arrival: { rate: 10/s }, classes: [ { name: C, share: 100%, db: { queries: 1, time: 5ms } } ] } ]
            """);
        var json = ScenarioWriter.ToJson(loaded.Scenario!);
        Assert.That(json["database"], Is.InstanceOf<System.Text.Json.Nodes.JsonObject>(), "so --set database.workers=… works on a run.json");
        var again = ScenarioLoader.Load(json.ToJsonString(), overrides: [Override.Set("database.workers=3")]);
        Assert.That(again.Errors, Is.Empty);
        Assert.That(again.Scenario!.Farm.Databases[0], Is.EqualTo(loaded.Scenario!.Farm.Databases[0] with { Workers = 3 }));
    }

    [Test]
    public void A_database_that_is_neither_mapping_nor_list_is_named() =>
        Assert.That(ScenarioLoader.Load("""
            name: t
            simulation: { duration: 10m }
            servers: [ { name: fe1, workers: 4 } ]
            database: 5
            apps: [ { name: A, arrival: { rate: 10/s }, service: { distribution: exponential, mean: 5ms } } ]
            """).Diagnostics.Select(d => d.Message), Has.Some.StartsWith("'database' is '5', expected a mapping of name, connections, pool, workers, cores, or a list of them"));

    [TestCase("20Mbit/s", 2.5e6)]
    [TestCase("2.5MB/s", 2.5e6)]
    [TestCase("1Gbit/s", 1.25e8)]
    [TestCase("800B/s", 800)]
    public void Bandwidths_read_in_bits_or_bytes(string text, double bytesPerSecond)
    {
        Assert.That(Units.TryParseBandwidth(text, out double value), Is.True);
        Assert.That(value, Is.EqualTo(bytesPerSecond).Within(1e-9 * bytesPerSecond));
    }

    [Test]
    public void A_bandwidth_without_per_second_is_refused() => Assert.That(Units.TryParseBandwidth("20Mbit", out _), Is.False);
}
