using FarmSim.Cli;
using FarmSim.Experiments;
using FarmSim.Scenarios;

namespace FarmSim.Tests.Farm;

/// <summary>A farm offered more than it serves, with a queue without limit, stops cleanly instead of running out of memory.</summary>
public class OverloadTests
{
    private const string Overloaded = """
        name: overloaded
        simulation: { duration: 10m, replications: 2, seed: 3, max_in_flight: 20000 }
        servers: [ { name: fe1, workers: 4, queue_limit: unlimited }, { name: fe2, workers: 4, queue_limit: unlimited } ]
        zones: [ { name: Slow, servers: [fe2], balancer: round-robin } ]
        apps:
          - { name: Fine, arrival: { rate: 20/s }, service: { distribution: exponential, mean: 50ms } }
          - { name: Heavy, zone: Slow, arrival: { rate: 100/s }, service: { distribution: exponential, mean: 50ms } }
        """;

    [Test]
    public void The_replication_stops_at_the_bound_and_names_the_queue_that_grew()
    {
        // fe2 serves 80/s and is offered 100/s: its queue grows by about 20 a second and reaches the
        // bound of 20,000 in flight after about 1,000 s, well within the hour.
        var loaded = ScenarioLoader.Load(Overloaded.Replace("duration: 10m", "duration: 1h"));
        Assert.That(loaded.Errors, Is.Empty);
        var run = ReplicationRunner.Run(loaded.Scenario!.Farm, loaded.Scenario.Simulation);
        var unstable = run.Unstable!;
        Assert.Multiple(() =>
        {
            Assert.That(unstable, Is.Not.Null);
            Assert.That(unstable.Where, Is.EqualTo("fe2"));
            Assert.That(unstable.InFlight, Is.EqualTo(20000));
            Assert.That(unstable.Queued, Is.GreaterThan(19_000));
            Assert.That(unstable.Time, Is.LessThan(3600), "it stopped before the end");
            Assert.That(unstable.Since, Is.LessThan(unstable.Time / 2), "the queue has held requests from early on");
            Assert.That(unstable.Message, Does.Contain("fe2's queue held").And.Contain("queue_limit"));
        });
    }

    [Test]
    public async Task Run_says_the_farm_is_unstable_exits_1_and_writes_nothing()
    {
        string folder = Directory.CreateTempSubdirectory("farmsim-overload-").FullName;
        try
        {
            string scenario = Path.Combine(folder, "s.yaml");
            File.WriteAllText(scenario, Overloaded.Replace("duration: 10m", "duration: 1h"));
            var error = new StringWriter();
            var before = Console.Error;
            Console.SetError(error);
            int code;
            try
            {
                code = await FarmSimCommandLine.RunAsync(["run", scenario, "--out", Path.Combine(folder, "out"), "-q"]);
            }
            finally
            {
                Console.SetError(before);
            }
            Assert.Multiple(() =>
            {
                Assert.That(code, Is.EqualTo(ExitCodes.Failure));
                Assert.That(error.ToString(), Does.Contain("the farm is unstable").And.Contain("fe2"));
                Assert.That(Path.Combine(folder, "out"), Does.Not.Exist);
            });
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Test]
    public void A_stable_farm_runs_to_its_end_whatever_the_bound()
    {
        var loaded = ScenarioLoader.Load(Overloaded.Replace("rate: 100/s", "rate: 60/s"));
        var run = ReplicationRunner.Run(loaded.Scenario!.Farm, loaded.Scenario.Simulation);
        Assert.That(run.Unstable, Is.Null);
    }

    [Test]
    public async Task A_sweep_marks_the_unstable_variant_and_goes_on()
    {
        string folder = Directory.CreateTempSubdirectory("farmsim-overload-sweep-").FullName;
        try
        {
            string scenario = Path.Combine(folder, "s.yaml");
            File.WriteAllText(scenario, Overloaded.Replace("max_in_flight: 20000", "max_in_flight: 2000").Replace("rate: 100/s", "rate: 60/s"));
            var error = new StringWriter();
            var before = Console.Error;
            Console.SetError(error);
            int code;
            try
            {
                code = await FarmSimCommandLine.RunAsync(["sweep", scenario, "--vary", "load=0.5,2", "--out", Path.Combine(folder, "out"), "-q"]);
            }
            finally
            {
                Console.SetError(before);
            }
            Assert.Multiple(() =>
            {
                Assert.That(code, Is.EqualTo(ExitCodes.Success), error.ToString());
                Assert.That(error.ToString(), Does.Contain("variant load=2 is unstable (saturated)"));
                Assert.That(error.ToString(), Does.Not.Contain("load=0.5 is unstable"));
                Assert.That(File.ReadAllText(Path.Combine(folder, "out", "report.md")), Does.Contain("saturates at load=2"));
                // Kept in the folder, so that a report or a merge knows it too.
                Assert.That(File.ReadAllText(Path.Combine(folder, "out", "report.md")), Does.Contain("Unstable (saturated): 1 variant(s)").And.Contain("load=2: replication"));
                Assert.That(File.ReadAllLines(Path.Combine(folder, "out", FarmSim.Reports.Sweeps.SweepFiles.Unstable)).Skip(1).Select(l => l.Split(',')[0]), Has.All.EqualTo("1"));
            });
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
