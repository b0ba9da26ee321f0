using System.Diagnostics;
using FarmSim.Cli;
using FarmSim.Experiments;
using FarmSim.Farm.Metrics;
using FarmSim.Reports.Sweeps;
using FarmSim.Scenarios;

namespace FarmSim.Tests.Sweeps;

public class SweepTests
{
    private string _work = "";

    [SetUp]
    public void MakeFolder() => _work = Directory.CreateTempSubdirectory("farmsim-sweep-").FullName;

    [TearDown]
    public void RemoveFolder() => Directory.Delete(_work, recursive: true);

    private string Write(string name, string yaml)
    {
        string path = Path.Combine(_work, name);
        File.WriteAllText(path, yaml);
        return path;
    }

    /// <summary>Eight single-worker servers, one app: the textbook setting for comparing dispatch rules.</summary>
    private const string Eight = """
        name: eight
        simulation: { duration: 200s, warmup: 20s, replications: 10, seed: 11 }
        servers: [ { name: fe, count: 8, workers: 1, queue_limit: unlimited } ]
        apps: [ { name: App, arrival: { rate: 720/s }, service: { distribution: exponential, mean: 10ms } } ]
        """;

    [Test]
    public async Task At_high_load_the_balancers_come_in_their_known_order()
    {
        // At rho = 0.9: power of two and least connections well below random, round robin between.
        // Each difference is paired over replications that share their random numbers; its 99.9%
        // interval must exclude zero.
        string output = Path.Combine(_work, "out");
        Assert.That(await FarmSimCommandLine.RunAsync(["sweep", Write("eight.yaml", Eight), "--out", output, "-q", "--no-plots",
            "--vary", "zones.Global.balancer=random,round-robin,least-connections,power-of-two-choices", "--vary", "load=1"]), Is.Zero);
        var data = SweepData.Load(output);
        IReadOnlyList<double> Mean(string balancer) =>
            data.PerReplication(data.Plan.Variants.Single(v => v.Values[0] == balancer).Index, "farm", "farm", Metric.LatencyMeanMs);

        void Below(string better, string worse)
        {
            var differences = Mean(worse).Zip(Mean(better), (w, b) => w - b).ToList();
            double mean = differences.Average(), half = Theory.HalfWidth(differences);
            Assert.That(mean - half, Is.GreaterThan(0), $"{better} below {worse}: difference {mean:F2} ± {half:F2} ms");
        }
        Below("round-robin", "random");
        Below("power-of-two-choices", "round-robin");
        Below("least-connections", "round-robin");
        Assert.That(Mean("power-of-two-choices").Average(), Is.LessThan(Mean("random").Average() / 2), "well below random");
        Assert.That(Mean("least-connections").Average(), Is.LessThan(Mean("random").Average() / 2), "well below random");
    }

    [Test]
    public async Task Sweep_csv_has_one_row_set_per_variant_with_a_column_per_varied_path()
    {
        string output = Path.Combine(_work, "out");
        string scenario = Write("eight.yaml", Eight.Replace("replications: 10", "replications: 2").Replace("200s", "20s"));
        Assert.That(await FarmSimCommandLine.RunAsync(["sweep", scenario, "--out", output, "-q",
            "--vary", "zones.Global.balancer=random,least-connections", "--vary", "apps.App.arrival.rate=300/s..500/s:100/s"]), Is.Zero);

        var lines = File.ReadAllLines(Path.Combine(output, "sweep.csv"));
        Assert.That(lines[0], Is.EqualTo("zones.Global.balancer,apps.App.arrival.rate,scope,name,metric,value,ci95_low,ci95_high,replications"));
        var variants = lines.Skip(1).Select(l => l.Split(',')).GroupBy(f => (f[0], f[1])).ToList();
        Assert.That(variants.Select(g => g.Key), Is.EqualTo(new[]
        {
            ("random", "300/s"), ("random", "400/s"), ("random", "500/s"),
            ("least-connections", "300/s"), ("least-connections", "400/s"), ("least-connections", "500/s"),
        }));
        var rowSets = variants.Select(g => string.Join("|", g.Select(f => $"{f[2]},{f[3]},{f[4]}"))).Distinct().ToList();
        Assert.That(rowSets, Has.Count.EqualTo(1), "every variant has the same rows");
        Assert.That(rowSets[0].Split('|'), Has.Length.EqualTo(lines.Skip(1).Count() / 6));
        foreach (string chart in new[] { SweepCharts.Latency, SweepCharts.Percentiles, SweepCharts.Spread, "report.html" })
            Assert.That(File.Exists(Path.Combine(output, chart)), chart);
        Assert.That(File.ReadAllText(Path.Combine(output, "report.html")), Does.Contain("common random numbers").And.Contain("Ranking on farm p99"));
    }

    [Test]
    public async Task A_layout_comparison_gives_every_shared_app_the_same_arrivals()
    {
        const string oneZone = """
            name: one-zone
            simulation: { duration: 60s, warmup: 5s, replications: 3, seed: 4 }
            servers: [ { name: fe1, workers: 4 }, { name: fe2, workers: 4 }, { name: fe3, workers: 4 } ]
            apps:
              - { name: Portal, arrival: { rate: 100/s }, service: { distribution: exponential, mean: 20ms } }
              - { name: Orders, arrival: { rate: 50/s }, service: { distribution: lognormal, mean: 30ms, cv: 2 } }
            """;
        // The same apps, listed the other way round and split over two zones: streams follow app names, not positions.
        string split = """
            name: split-zones
            simulation: { duration: 60s, warmup: 5s, replications: 3, seed: 4 }
            servers: [ { name: fe1, workers: 4 }, { name: fe2, workers: 4 }, { name: fe3, workers: 4 } ]
            zones:
              - { name: Front, servers: [fe1, fe2] }
              - { name: Back, servers: [fe3] }
            apps:
              - { name: Orders, zone: Back, arrival: { rate: 50/s }, service: { distribution: lognormal, mean: 30ms, cv: 2 } }
              - { name: Portal, zone: Front, arrival: { rate: 100/s }, service: { distribution: exponential, mean: 20ms } }
            """;
        string output = Path.Combine(_work, "out");
        Assert.That(await FarmSimCommandLine.RunAsync(["compare", Write("a.yaml", oneZone), Write("b.yaml", split), "--out", output, "-q"]), Is.Zero);

        var data = SweepData.Load(output);
        Assert.That(data.Plan.Dimensions.Single().Path, Is.EqualTo("scenario"));
        Assert.That(data.Axis, Is.Null, "file names are not quantities");
        foreach (string app in new[] { "Portal", "Orders" })
        {
            var a = data.PerReplication(0, "app", app, Metric.Arrivals);
            var b = data.PerReplication(1, "app", app, Metric.Arrivals);
            Assert.That(b, Is.EqualTo(a), $"{app}: the same arrival stream in both layouts");
            Assert.That(data.PerReplication(1, "app", app, Metric.LatencyMeanMs), Is.Not.EqualTo(data.PerReplication(0, "app", app, Metric.LatencyMeanMs)));
        }
    }

    [Test]
    public async Task Three_shards_in_separate_processes_merge_into_exactly_the_whole_sweep()
    {
        string scenario = Write("eight.yaml", Eight.Replace("replications: 10", "replications: 4").Replace("200s", "30s"));
        string[] vary = ["--vary", "zones.Global.balancer=random,power-of-two-choices", "--vary", "load=0.5..0.9:0.2"];
        string whole = Path.Combine(_work, "whole");
        Assert.That(await FarmSimCommandLine.RunAsync(["sweep", scenario, "--out", whole, "-q", .. vary]), Is.Zero);

        // Each shard names itself the way its engine would: explicitly, as a Kubernetes Indexed Job, as a Slurm array task.
        var shards = new (string Shard, Dictionary<string, string> Env)[]
        {
            ("1/3", []),
            ("3", new() { ["JOB_COMPLETION_INDEX"] = "1" }),
            // A Slurm task run again alone (sbatch --array=3): the array's size is 1 then, and must not matter.
            ("3", new() { ["SLURM_ARRAY_TASK_ID"] = "3", ["SLURM_ARRAY_TASK_MIN"] = "3", ["SLURM_ARRAY_TASK_COUNT"] = "1" }),
        };
        var parts = new List<string>();
        var processes = new List<Process>();
        foreach (var (shard, env) in shards)
        {
            string part = Path.Combine(_work, $"part{parts.Count + 1}");
            parts.Add(part);
            var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (string arg in new[] { Path.Combine(TestContext.CurrentContext.TestDirectory, "farmsim.dll"), "sweep", scenario, "--out", part, "-q", "--shard", shard })
                start.ArgumentList.Add(arg);
            foreach (string arg in vary) start.ArgumentList.Add(arg);
            foreach (var (key, value) in env) start.Environment[key] = value;
            processes.Add(Process.Start(start)!);
        }
        foreach (var process in processes)
        {
            string errors = await process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            Assert.That(process.ExitCode, Is.Zero, errors);
        }
        Assert.That(parts.Select(p => SweepFiles.ReadShard(Path.Combine(p, SweepFiles.ShardFile))),
            Is.EquivalentTo(new[] { new Shard(1, 3), new Shard(2, 3), new Shard(3, 3) }));

        string merged = Path.Combine(_work, "merged");
        Assert.That(await FarmSimCommandLine.RunAsync(["merge", .. parts, "--out", merged]), Is.Zero);
        var files = Directory.GetFiles(whole).Select(Path.GetFileName).Order().ToList();
        Assert.That(Directory.GetFiles(merged).Select(Path.GetFileName).Order(), Is.EqualTo(files));
        foreach (string? file in files)
            Assert.That(File.ReadAllBytes(Path.Combine(merged, file!)), Is.EqualTo(File.ReadAllBytes(Path.Combine(whole, file!))), file);
    }

    [Test]
    public async Task Merge_refuses_an_incomplete_or_doubled_set_of_parts()
    {
        string scenario = Write("eight.yaml", Eight.Replace("replications: 10", "replications: 2").Replace("200s", "10s"));
        string Part(int k) => Path.Combine(_work, $"part{k}");
        for (int k = 1; k <= 2; k++)
            Assert.That(await FarmSimCommandLine.RunAsync(["sweep", scenario, "--out", Part(k), "-q", "--shard", $"{k}/2", "--vary", "load=0.5,0.6"]), Is.Zero);
        Assert.That(await FarmSimCommandLine.RunAsync(["merge", Part(1), "--out", Path.Combine(_work, "m1")]), Is.EqualTo(ExitCodes.BadInput));
        Assert.That(await FarmSimCommandLine.RunAsync(["merge", Part(1), Part(1), Part(2), "--out", Path.Combine(_work, "m2")]), Is.EqualTo(ExitCodes.BadInput));
        Assert.That(Directory.Exists(Path.Combine(_work, "m1")) || Directory.Exists(Path.Combine(_work, "m2")), Is.False);
        Assert.That(await FarmSimCommandLine.RunAsync(["merge", Part(2), Part(1), "--out", Path.Combine(_work, "m3"), "--no-plots"]), Is.Zero);
        // Parts of one sweep cut two ways do not mix.
        string third = Path.Combine(_work, "third");
        Assert.That(await FarmSimCommandLine.RunAsync(["sweep", scenario, "--out", third, "-q", "--shard", "1/3", "--vary", "load=0.5,0.6"]), Is.Zero);
        Assert.That(await FarmSimCommandLine.RunAsync(["merge", Part(1), third, "--out", Path.Combine(_work, "m5")]), Is.EqualTo(ExitCodes.BadInput));

        // A part another build wrote (here: its plan says so) is refused, both builds named.
        string other = Path.Combine(_work, "part2-other");
        Directory.CreateDirectory(other);
        foreach (string file in Directory.GetFiles(Part(2))) File.Copy(file, Path.Combine(other, Path.GetFileName(file)));
        string plan = Path.Combine(other, "sweep.json");
        var build = FarmSimCommandLine.BuildInfo;
        File.WriteAllText(plan, File.ReadAllText(plan).Replace($"\"farmsim_commit\": \"{build.Commit}\"", "\"farmsim_commit\": \"0123abc\""));
        var error = new StringWriter();
        var console = Console.Error;
        Console.SetError(error);
        int code;
        try
        {
            code = await FarmSimCommandLine.RunAsync(["merge", Part(1), other, "--out", Path.Combine(_work, "m4")]);
        }
        finally
        {
            Console.SetError(console);
        }
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(ExitCodes.BadInput));
            Assert.That(error.ToString(), Does.Contain($"FarmSim {build.Version} (commit 0123abc)").And.Contain($"FarmSim {build}"));
            Assert.That(Directory.Exists(Path.Combine(_work, "m4")), Is.False);
        });
    }

    [Test]
    public async Task A_sweep_written_in_the_scenario_file_runs_without_vary()
    {
        string scenario = Write("eight.yaml", Eight.Replace("replications: 10", "replications: 2").Replace("200s", "30s") + """

            sweep:
              - { vary: zones.Global.balancer, values: [random, round-robin] }
              - { vary: load, values: "0.5..0.7:0.1" }
            """);
        Assert.That(ScenarioLoader.LoadFile(scenario).Diagnostics, Is.Empty, "run ignores the sweep section");
        string output = Path.Combine(_work, "out");
        Assert.That(await FarmSimCommandLine.RunAsync(["sweep", scenario, "--out", output, "-q", "--no-plots"]), Is.Zero);
        Assert.That(SweepData.Load(output).Plan.Variants.Select(v => string.Join(" ", v.Values)), Is.EqualTo(new[]
        {
            "random 0.5", "random 0.6", "random 0.7", "round-robin 0.5", "round-robin 0.6", "round-robin 0.7",
        }));
    }

    [Test]
    public async Task A_bad_value_is_reported_against_its_vary_and_nothing_runs()
    {
        string output = Path.Combine(_work, "out");
        Assert.That(await FarmSimCommandLine.RunAsync(["sweep", Write("eight.yaml", Eight), "--out", output, "-q",
            "--vary", "zones.Global.balancer=random,fastest"]), Is.EqualTo(ExitCodes.BadInput));
        Assert.That(Directory.Exists(output), Is.False);
        var (plan, diagnostics) = SweepPlan.Build(Path.Combine(_work, "eight.yaml"), [], [new SweepDimension("zones.Global.balancer", ["random", "fastest"])]);
        Assert.That(plan, Is.Null);
        Assert.That(diagnostics.Single().ToString(), Does.StartWith("--vary zones.Global.balancer=fastest: error: unknown balancing algorithm 'fastest'"));
    }

    [TestCase("load=0.5..1.1:0.2", "load", new[] { "0.5", "0.7", "0.9", "1.1" })]
    [TestCase("apps.AppX.arrival.rate=100/s..300/s:50/s", "apps.AppX.arrival.rate", new[] { "100/s", "150/s", "200/s", "250/s", "300/s" })]
    [TestCase("zones.Z.servers=[fe1,fe2],[fe1,fe2,fe3]", "zones.Z.servers", new[] { "[fe1,fe2]", "[fe1,fe2,fe3]" })]
    [TestCase("zones.Z.balancer=random, least-connections", "zones.Z.balancer", new[] { "random", "least-connections" })]
    public void Vary_takes_lists_and_exact_ranges(string text, string path, string[] values)
    {
        var dimension = SweepDimension.Parse(text, out string problem);
        Assert.That(problem, Is.Empty);
        Assert.That((dimension!.Path, dimension.Values), Is.EqualTo((path, values)));
    }

    [TestCase("load")]
    [TestCase("load=0.5..1:0")]
    [TestCase("rate=100/s..1/m:1/s")]
    [TestCase("a=x,,y")]
    public void Vary_refuses_what_is_not_a_list_or_a_range(string text)
    {
        Assert.That(SweepDimension.Parse(text, out string problem), Is.Null);
        Assert.That(problem, Is.Not.Empty);
    }

    [TestCase("2/3", 2, 3)]
    [TestCase("1/1", 1, 1)]
    public void A_shard_is_k_of_N(string text, int k, int n) =>
        Assert.That(SweepCommand.ParseShard(text, out _), Is.EqualTo(new Shard(k, n)));

    [TestCase("auto")]
    [TestCase("0/3")]
    [TestCase("4/3")]
    [TestCase("x")]
    public void A_shard_out_of_range_is_refused(string text) =>
        Assert.That(SweepCommand.ParseShard(text, out _), Is.Null);

    [Test]
    public void Every_work_item_belongs_to_exactly_one_shard()
    {
        for (int n = 1; n <= 5; n++)
            for (int item = 0; item < 40; item++)
                Assert.That(Enumerable.Range(1, n).Count(k => new Shard(k, n).Owns(item)), Is.EqualTo(1));
    }
}
