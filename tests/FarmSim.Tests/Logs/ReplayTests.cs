using FarmSim.Experiments;
using FarmSim.Farm.Metrics;
using FarmSim.Scenarios;
using MathNet.Numerics.Distributions;

namespace FarmSim.Tests.Logs;

/// <summary>arrival: { replay: logs }: yesterday's requests sent again, as they were or scaled.</summary>
public class ReplayTests
{
    private static readonly FixtureApp[] Apps = [new("/Portal", [10, 30, 20], -3.0, 0.8)];
    private string _folder = "";
    private List<FixtureRequest> _requests = [];

    [OneTimeSetUp]
    public void WriteLogs()
    {
        _folder = Directory.CreateTempSubdirectory("farmsim-replay-").FullName;
        _requests = FixtureLogs.Draw(Apps, 600, servers: 2, seed: 8);
        FixtureLogs.Write(Path.Combine(_folder, "logs"), Apps, _requests, 2, Quirks.Crlf | Quirks.Gzip | Quirks.Restart);
    }

    [OneTimeTearDown]
    public void RemoveLogs() => Directory.Delete(_folder, recursive: true);

    private LoadResult Load(string arrival, int replications = 3)
    {
        string file = Path.Combine(_folder, "replay.yaml");
        File.WriteAllText(file, $$"""
            name: replay
            simulation: { duration: 31m, replications: {{replications}}, seed: 4 }
            servers: [ { name: fe1, workers: 100000, queue_limit: unlimited } ]
            apps:
              - { name: Portal, arrival: {{arrival}}, service: { distribution: constant, value: 1s } }
            """);
        return ScenarioLoader.LoadFile(file);
    }

    private static IReadOnlyList<ReplicationResult> Run(LoadResult loaded, int? threads = null)
    {
        Assert.That(loaded.Errors, Is.Empty);
        return ReplicationRunner.Run(loaded.Scenario!.Farm, loaded.Scenario.Simulation, threads).Replications;
    }

    [Test]
    public void A_replay_sends_every_logged_request_with_its_logged_time_as_its_demand()
    {
        var results = Run(Load("{ replay: logs, demands: logged }"));
        // Workers to spare: each response time is the request's logged time taken, to the millisecond IIS kept;
        // the run lasts a minute past the logs, so that no request spread within its last second falls after its end.
        double logged = _requests.Average(r => Math.Floor(r.Service * 1000) / 1000);
        Assert.Multiple(() =>
        {
            Assert.That(results.Values(Scope.App, "Portal", Metric.Arrivals), Is.All.EqualTo(_requests.Count));
            Assert.That(results.Values(Scope.App, "Portal", Metric.LatencyMeanMs), Is.All.EqualTo(1e3 * logged).Within(1e-4).Percent);
        });
    }

    [Test]
    public void Scaling_a_replay_thins_it_below_1_and_copies_it_above()
    {
        // Each request is kept with probability 0.4, or sent twice and a third time with probability 0.5:
        // counts are binomial about 0.4 n and 2.5 n; 2 scales × 3 replications checked at once.
        int n = _requests.Count;
        double z = Normal.InvCDF(0, 1, 1 - 0.001 / 6 / 2);
        var thin = Run(Load("{ replay: logs, scale: 0.4 }")).Values(Scope.App, "Portal", Metric.Arrivals);
        var copied = Run(Load("{ replay: logs, scale: 2.5 }")).Values(Scope.App, "Portal", Metric.Arrivals);
        Assert.Multiple(() =>
        {
            Assert.That(thin, Is.All.EqualTo(0.4 * n).Within(z * Math.Sqrt(n * 0.4 * 0.6)));
            Assert.That(copied, Is.All.EqualTo(2.5 * n).Within(z * Math.Sqrt(n * 0.25)));
            Assert.That(thin.Distinct().Count(), Is.GreaterThan(1), "each replication thins afresh");
        });
    }

    [Test]
    public void A_replay_is_the_same_for_the_same_seed_on_any_number_of_threads()
    {
        var one = Run(Load("{ replay: logs, scale: 1.7 }"), threads: 1);
        var two = Run(Load("{ replay: logs, scale: 1.7 }"), threads: 2);
        Assert.That(two.Values(Scope.App, "Portal", Metric.LatencyP99Ms), Is.EqualTo(one.Values(Scope.App, "Portal", Metric.LatencyP99Ms)));
        Assert.That(two.Values(Scope.App, "Portal", Metric.Arrivals), Is.EqualTo(one.Values(Scope.App, "Portal", Metric.Arrivals)));
    }

    [Test]
    public void Logs_that_are_missing_or_hold_nothing_under_the_path_are_errors_at_the_replay()
    {
        var missing = Load("{ replay: nowhere }");
        var mixed = Load("{ replay: logs, rate: 5/s }");
        string file = Path.Combine(_folder, "replay.yaml");
        File.WriteAllText(file, """
            name: replay
            simulation: { duration: 30m }
            servers: [ { name: fe1, workers: 10 } ]
            apps:
              - { name: Shop, arrival: { replay: logs }, service: { distribution: constant, value: 1s } }
            """);
        var elsewhere = ScenarioLoader.LoadFile(file);
        Assert.Multiple(() =>
        {
            Assert.That(missing.Errors.Select(e => e.ToString()), Has.Some.Contains("replay.yaml:5:").And.Some.Contains("nowhere: does not exist"));
            Assert.That(mixed.Errors.Select(e => e.Message), Has.Some.Contains("is given with replay"));
            Assert.That(elsewhere.Errors.Select(e => e.Message), Has.Some.Contains("no logged request is under the app's path /Shop"));
        });
    }
}
