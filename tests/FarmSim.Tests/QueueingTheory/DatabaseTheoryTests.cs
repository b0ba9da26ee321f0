using FarmSim.Farm.Metrics;
using FarmSim.Scenarios;
using static FarmSim.Tests.Theory;

namespace FarmSim.Tests.QueueingTheory;

/// <summary>The shared database: against Erlang C, and holding front-end threads while it works.</summary>
public class DatabaseTheoryTests
{
    [Test]
    public void A_database_of_c_workers_with_CPU_free_requests_is_an_MMc_queue()
    {
        // One exponential query per request, ample connections and front-end workers: the database
        // is M/M/4 at a = 3 (rho = 0.75); its mean wait is Erlang C's.
        var results = Farms.Run("""
            name: db
            simulation: { duration: 1000s, warmup: 50s, replications: 20, seed: 3 }
            servers: [ { name: fe1, workers: 1000, queue_limit: unlimited } ]
            database: { connections: 1000, workers: 4 }
            apps:
              - name: App
                arrival: { rate: 300/s }
                classes: [ { name: Read, share: 100%, db: { queries: 1, time: { distribution: exponential, mean: 10ms } } } ]
            """);
        double lambda = 300, mu = 100;
        AssertAgrees(results.Values(Scope.Database, "main", Metric.WaitMeanMs), 1e3 * ErlangC(4, lambda / mu) / (4 * mu - lambda), "database mean wait (ms), Erlang C");
        AssertAgrees(results.Values(Scope.Database, "main", Metric.Utilization), lambda / (4 * mu), "database utilisation");
    }

    [TestCase("per-server")]
    [TestCase("total")]
    public void A_connection_pool_per_front_end_or_in_total_queues_as_theory_says(string pool)
    {
        // Two front-ends, random choice: each receives Poisson 70/s, one exponential 10 ms query a
        // request, ample database workers. Per server, one connection each: two M/M/1 queues at
        // rho 0.7. In total, two connections shared: one M/M/2 queue at a = 1.4.
        var results = Farms.Run($$"""
            name: pool
            simulation: { duration: 1000s, warmup: 50s, replications: 20, seed: 5 }
            servers: [ { name: fe, count: 2, workers: 1000, queue_limit: unlimited } ]
            zones: [ { name: Global, balancer: random } ]
            database: { connections: {{(pool == "total" ? 2 : 1)}}, pool: {{pool}}, workers: 100 }
            apps:
              - name: App
                arrival: { rate: 140/s }
                classes: [ { name: Read, share: 100%, db: { queries: 1, time: { distribution: exponential, mean: 10ms } } } ]
            """);
        double mu = 100, response = pool == "total"
            ? ErlangC(2, 1.4) / (2 * mu - 140) + 1 / mu
            : 1 / (mu - 70);
        AssertAgrees(results.Values(Scope.Database, "main", Metric.LatencyMeanMs), 1e3 * response, $"query response time (ms), pool {pool}");
    }

    [Test]
    public void Threads_run_out_when_database_time_grows_with_workers_fixed()
    {
        // Four front-end workers, no CPU work at all: each request holds its worker for its query.
        // At most four queries run at once, so the database (8 workers) never queues, and the
        // front-end is an M/M/4 whose service is the query: at 5 ms its workers idle (rho 0.075);
        // at 60 ms they are 90% held and requests queue as Erlang C says, while the database's
        // workers are only 3.6 / 8 = 45% busy.
        string Farm(string time) => $$"""
            name: threads
            simulation: { duration: 1000s, warmup: 50s, replications: 10, seed: 4 }
            servers: [ { name: fe1, workers: 4, cores: 2, queue_limit: unlimited } ]
            database: { connections: 100, workers: 8 }
            apps:
              - name: App
                arrival: { rate: 60/s }
                classes: [ { name: Read, share: 100%, db: { queries: 1, time: { distribution: exponential, mean: {{time}} } } } ]
            """;
        var fast = Farms.Run(Farm("5ms"));
        var slow = Farms.Run(Farm("60ms"));
        AssertAgrees(fast.Values(Scope.Server, "fe1", Metric.Utilization), 60 * 0.005 / 4, "front-end threads held at 5 ms a query");
        AssertAgrees(slow.Values(Scope.Server, "fe1", Metric.Utilization), 60 * 0.060 / 4, "front-end threads held at 60 ms a query");
        AssertAgrees(slow.Values(Scope.Server, "fe1", Metric.QueueLengthMean), ErlangC(4, 3.6) * 0.9 / (1 - 0.9), "requests waiting for a thread: M/M/4 Lq");
        AssertAgrees(slow.Values(Scope.Database, "main", Metric.Utilization), 3.6 / 8, "the database is not the bottleneck");
    }

    [Test]
    public void Queries_without_a_database_are_refused()
    {
        var problems = ScenarioLoader.Load("""
            name: t
            simulation: { duration: 1m }
            servers: [ { name: fe1, workers: 2 } ]
            apps: [ { name: A, arrival: { rate: 1/s }, classes: [ { name: Q, share: 100%, db: { queries: 2, time: 5ms } } ] } ]
            """).Diagnostics.Select(d => d.Message).ToList();
        Assert.That(problems, Has.Some.Contains("class 'Q' queries a database, but the scenario has none"));
    }

    [Test]
    public void Each_app_group_queries_its_own_database()
    {
        // Portal's queries go to the first database, Reports' to its own: each is an M/M/c of its own.
        var results = Farms.Run("""
            name: two-databases
            simulation: { duration: 1000s, warmup: 50s, replications: 20, seed: 6 }
            servers: [ { name: fe1, workers: 1000, queue_limit: unlimited } ]
            database:
              - { name: main, connections: 1000, workers: 4 }
              - { name: reporting, connections: 1000, workers: 2 }
            apps:
              - name: Portal
                arrival: { rate: 300/s }
                classes: [ { name: Read, share: 100%, db: { queries: 1, time: { distribution: exponential, mean: 10ms } } } ]
              - name: Reports
                database: reporting
                arrival: { rate: 30/s }
                classes: [ { name: Run, share: 100%, db: { queries: 2, time: { distribution: exponential, mean: 25ms } } } ]
            """);
        AssertAgrees(results.Values(Scope.Database, "main", Metric.WaitMeanMs), 1e3 * ErlangC(4, 3) / (400 - 300), "main: M/M/4 at a = 3, mean wait (ms)");
        AssertAgrees(results.Values(Scope.Database, "reporting", Metric.Utilization), 60 * 0.025 / 2, "reporting: 60 queries/s of 25 ms on 2 workers");
    }

    [Test]
    public void An_unknown_or_repeated_database_is_named()
    {
        var result = ScenarioLoader.Load("""
            name: t
            simulation: { duration: 10m }
            servers: [ { name: fe1, workers: 4 } ]
            database: [ { name: main, connections: 10, workers: 2 }, { name: main, connections: 10, workers: 2 } ]
            apps: [ { name: A, database: mian, arrival: { rate: 10/s }, classes: [ { name: C, share: 100%, db: { queries: 1, time: 5ms } } ] } ]
            """, "s.yaml");
        var messages = result.Diagnostics.Select(d => d.ToString()).ToList();
        Assert.That(messages.Any(m => m.StartsWith("s.yaml:4:") && m.Contains("'database[1].name' database 'main' is defined twice")), Is.True, string.Join("\n", messages));
        Assert.That(messages.Any(m => m.StartsWith("s.yaml:5:") && m.Contains("'apps[0].database' names unknown database 'mian', expected one of main")), Is.True, string.Join("\n", messages));
    }

    [Test]
    public void A_database_with_cores_shares_them_among_its_queries()
    {
        // Ample workers and connections on one core: the queries are an M/G/1-PS queue, whose mean
        // response E[S] / (1 - rho) holds whatever the demand's distribution (lognormal here).
        var results = Farms.Run("""
            name: db-cores
            simulation: { duration: 2000s, warmup: 100s, replications: 20, seed: 8 }
            servers: [ { name: fe1, workers: 1000, queue_limit: unlimited } ]
            database: { connections: 1000, workers: 1000, cores: 1 }
            apps:
              - name: App
                arrival: { rate: 70/s }
                classes: [ { name: Read, share: 100%, db: { queries: 1, time: { distribution: lognormal, mean: 10ms, cv: 1.5 } } } ]
            """);
        AssertAgrees(results.Values(Scope.Database, "main", Metric.LatencyMeanMs), 1e3 * 0.010 / (1 - 0.7), "M/G/1-PS query response (ms)");
    }
}
