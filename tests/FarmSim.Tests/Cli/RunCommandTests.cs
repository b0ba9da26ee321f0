using FarmSim.Cli;
using FarmSim.Reports;

namespace FarmSim.Tests.Cli;

public class RunCommandTests
{
    private string _work = "";

    [SetUp]
    public void MakeFolder() => _work = Directory.CreateTempSubdirectory("farmsim-cli-").FullName;

    [TearDown]
    public void RemoveFolder() => Directory.Delete(_work, recursive: true);

    private string Scenario(string yaml)
    {
        string path = Path.Combine(_work, "s.yaml");
        File.WriteAllText(path, yaml);
        return path;
    }

    private const string Small = """
        name: small
        simulation: { duration: 20s, warmup: 1s, replications: 3, seed: 5 }
        servers: [ { name: fe1, workers: 2 }, { name: fe2, workers: 2 } ]
        zones: [ { name: Half, servers: [fe2], balancer: random } ]
        apps:
          - { name: A, arrival: { rate: 50/s }, service: { distribution: exponential, mean: 10ms } }
          - { name: B, zone: Half, arrival: { rate: 20/s }, service: { distribution: constant, value: 20ms } }
        """;

    [Test]
    public async Task Run_writes_summary_csv_with_a_row_per_scope_name_and_metric()
    {
        string output = Path.Combine(_work, "out");
        int code = await FarmSimCommandLine.RunAsync(["run", Scenario(Small), "--out", output, "-q"]);
        Assert.That(code, Is.EqualTo(ExitCodes.Success));

        string[] lines = File.ReadAllLines(Path.Combine(output, "summary.csv"));
        Assert.That(lines[0], Is.EqualTo("scope,name,metric,value,ci95_low,ci95_high,replications"));
        var rows = SummaryCsv.Read(Path.Combine(output, "summary.csv"));
        Assert.That(rows.Select(r => (r.Scope, r.Name)).Distinct(), Is.EqualTo(new[]
        {
            ("farm", "farm"), ("zone", "Half"), ("zone", "Global"), ("app", "A"), ("app", "B"), ("server", "fe1"), ("server", "fe2"),
        }));
        Assert.That(rows.Where(r => r.Scope == "server").Select(r => r.Metric), Has.Member("utilization").And.Member("queue_length_mean"));
        Assert.That(rows.Where(r => r.Scope == "app").Select(r => r.Metric), Has.No.Member("utilization"));
        Assert.That(rows, Has.All.Property(nameof(FarmSim.Experiments.SummaryRow.Replications)).EqualTo(3));
        Assert.That(Directory.GetDirectories(_work), Is.EqualTo(new[] { output }), "no temporary folder is left behind");
    }

    [Test]
    public async Task Run_refuses_to_overwrite_results_without_force()
    {
        string output = Path.Combine(_work, "out");
        Assert.That(await FarmSimCommandLine.RunAsync(["run", Scenario(Small), "--out", output, "-q", "--no-plots"]), Is.EqualTo(ExitCodes.Success));
        File.WriteAllText(Path.Combine(output, "note.txt"), "added after the run");
        Assert.That(await FarmSimCommandLine.RunAsync(["run", Scenario(Small), "--out", output, "-q"]), Is.EqualTo(ExitCodes.BadInput));
        Assert.That(File.Exists(Path.Combine(output, "note.txt")), "kept without --force");

        Assert.That(await FarmSimCommandLine.RunAsync(["run", Scenario(Small), "--out", output, "--force", "-q"]), Is.EqualTo(ExitCodes.Success));
        Assert.That(Directory.GetFiles(output).Select(Path.GetFileName), Has.Member("run.json").And.Member("report.html").And.No.Member("note.txt"));
    }

    [Test]
    public async Task A_bad_scenario_exits_with_2_and_writes_nothing()
    {
        string output = Path.Combine(_work, "out");
        int code = await FarmSimCommandLine.RunAsync(["run", Scenario(Small.Replace("50/s", "50")), "--out", output, "-q"]);
        Assert.That(code, Is.EqualTo(ExitCodes.BadInput));
        Assert.That(Directory.Exists(output), Is.False);
    }

    private const string Rich = """
        name: rich
        description: Every kind of value the format has, to check that run.json loses none of them.
        simulation: { duration: 20s, warmup: 2s, replications: 3, seed: 5, window: 2s }
        environment: { address: www.example.org, proxy: { latency: 1.5ms } }
        server_defaults: { workers: 2, queue_limit: unlimited }
        servers: [ { name: fe, count: 2, speed: 125% }, { name: small, workers: 1, queue_limit: 3, weight: 0.5, cores: 2 } ]
        zones:
          - { name: Half, address: half.example.org, servers: [fe2, small], balancer: { algorithm: least-connections } }
          - { name: Hashed, servers: [fe1, fe2, small], balancer: { algorithm: ring-hash, balance_factor: 125% }, affinity: { by: source, ttl: 3s } }
        apps:
          - { name: A, arrival: { rate: 3000/m }, service: { distribution: lognormal, mean: 10ms, cv: 1.3 } }
          - { name: B, path: /b, zone: Half, arrival: { rate: 20/s }, service: { distribution: erlang, mean: 20ms, k: 3 } }
          - { name: C, zone: Half, arrival: { rate: 7200/h }, service: { distribution: uniform, min: 1ms, max: 30ms } }
          - { name: D, arrival: { rate: 5/s }, service: { distribution: gamma, mean: 0.1s, cv: 0.3 } }
          - name: E
            zone: Half
            arrival: { rate: 10/s }
            classes: [ { name: Page, share: 75%, cpu: 4ms }, { name: Api, share: 25%, cpu: { distribution: exponential, mean: 12ms } } ]
          - { name: F, zone: Hashed, users: { count: 8, think: { distribution: exponential, mean: 2s } }, service: { distribution: exponential, mean: 30ms } }
        """;

    [Test]
    public async Task The_run_json_of_a_run_reproduces_it_exactly()
    {
        string first = Path.Combine(_work, "first"), second = Path.Combine(_work, "second");
        string scenario = Scenario(Rich);
        Assert.That(await FarmSimCommandLine.RunAsync(["run", scenario, "--out", first, "-q", "--set", "zones.Half.balancer=power-of-two-choices", "--seed", "77"]), Is.Zero);
        Assert.That(await FarmSimCommandLine.RunAsync(["run", Path.Combine(first, "run.json"), "--out", second, "-q", "--threads", "1"]), Is.Zero);
        foreach (string csv in new[] { "summary.csv", "timeseries.csv", "latency_distribution.csv" })
            Assert.That(File.ReadAllText(Path.Combine(second, csv)), Is.EqualTo(File.ReadAllText(Path.Combine(first, csv))), csv);
        // The resolved scenario survives the round trip exactly: loading it and writing it again changes nothing.
        var again = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(second, "run.json")))!;

        var record = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(first, "run.json")))!;
        Assert.That((string?)record["format"], Is.EqualTo("farmsim-run/1"));
        Assert.That(again["scenario"]!.ToJsonString(), Is.EqualTo(record["scenario"]!.ToJsonString()));
        Assert.That((string?)record["source"]!["sha256"], Is.EqualTo(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(scenario)))));
        Assert.That((long?)record["seed"], Is.EqualTo(77));
        Assert.That((int?)record["replications"], Is.EqualTo(3));
        Assert.That((long?)record["events_processed"], Is.GreaterThan(0));
        Assert.That((string?)record["scenario"]!["zones"]![0]!["balancer"], Is.EqualTo("power-of-two-choices"));
        Assert.That((double?)record["scenario"]!["zones"]![1]!["balancer"]!["balance_factor"], Is.EqualTo(1.25));
        Assert.That(record["scenario"]!["zones"]![1]!["affinity"]!.ToJsonString(), Is.EqualTo("""{"by":"source","ttl":"3s"}"""));
        Assert.That((string?)record["scenario"]!["servers"]![0]!["queue_limit"], Is.EqualTo("unlimited"));
        Assert.That((string?)record["farmsim_version"], Is.EqualTo(FarmSimCommandLine.BuildInfo.Version));
        Assert.That((string?)record["farmsim_commit"], Is.EqualTo(FarmSimCommandLine.BuildInfo.Commit));
        // Built from a checkout (as the tests are), the commit is the checkout's.
        Assert.That(FarmSimCommandLine.BuildInfo.Commit, Does.Match("^[0-9a-f]{40}$"));
    }

    [Test]
    public async Task Version_prints_the_version_and_the_commit_it_was_built_from()
    {
        var output = new StringWriter();
        var console = Console.Out;
        Console.SetOut(output);
        int code;
        try
        {
            code = await FarmSimCommandLine.RunAsync(["--version"]);
        }
        finally
        {
            Console.SetOut(console);
        }
        Assert.That(code, Is.Zero);
        Assert.That(output.ToString().Trim(), Does.Match(@"^farmsim \d+\.\d+\.\d+ \(commit [0-9a-f]{40}\)$"));
    }

    [Test]
    public async Task Cancelling_a_run_exits_with_1_and_leaves_no_folder()
    {
        string output = Path.Combine(_work, "out");
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        int code = await FarmSimCommandLine.RunAsync(["run", Scenario(Small.Replace("20s", "10h")), "--out", output, "-q"], cancel.Token);
        Assert.That(code, Is.EqualTo(ExitCodes.Failure));
        Assert.That(Directory.GetDirectories(_work), Is.Empty, "neither the folder nor a temporary one");
    }

    [Test]
    public async Task Validate_exits_0_for_good_files_and_2_when_any_has_an_error()
    {
        string good = Scenario(Small);
        string bad = Path.Combine(_work, "bad.yaml");
        File.WriteAllText(bad, Small.Replace("workers: 2 }", "workers: two }"));
        Assert.That(await FarmSimCommandLine.RunAsync(["validate", good]), Is.EqualTo(ExitCodes.Success));
        Assert.That(await FarmSimCommandLine.RunAsync(["validate", good, bad]), Is.EqualTo(ExitCodes.BadInput));
        Assert.That(await FarmSimCommandLine.RunAsync(["validate", good, "--set", "apps.A.arrival.rate=many"]), Is.EqualTo(ExitCodes.BadInput));
        Assert.That(await FarmSimCommandLine.RunAsync(["validate", Path.Combine(_work, "missing.yaml")]), Is.EqualTo(ExitCodes.BadInput));
    }

    [TestCase("--help")]
    [TestCase("run", "--help")]
    [TestCase("validate", "--help")]
    [TestCase("schema", "--help")]
    [TestCase("--version")]
    public async Task Help_and_version_exit_with_0(params string[] args) =>
        Assert.That(await FarmSimCommandLine.RunAsync(args), Is.EqualTo(ExitCodes.Success));

    [Test]
    public async Task An_unknown_option_exits_with_2_before_anything_runs()
    {
        string output = Path.Combine(_work, "out");
        Assert.That(await FarmSimCommandLine.RunAsync(["run", Scenario(Small), "--out", output, "--bogus"]), Is.EqualTo(ExitCodes.BadInput));
        Assert.That(Directory.Exists(output), Is.False);
    }

    [Test]
    public async Task Force_replaces_only_a_results_folder_and_a_trailing_slash_is_the_same_folder()
    {
        string precious = Path.Combine(_work, "precious");
        Directory.CreateDirectory(precious);
        File.WriteAllText(Path.Combine(precious, "thesis.tex"), "years of work");
        Assert.That(await FarmSimCommandLine.RunAsync(["run", Scenario(Small), "--out", precious, "--force", "-q", "--no-plots"]), Is.EqualTo(ExitCodes.BadInput));
        Assert.That(File.Exists(Path.Combine(precious, "thesis.tex")));

        string output = Path.Combine(_work, "out") + Path.DirectorySeparatorChar;
        Assert.That(await FarmSimCommandLine.RunAsync(["run", Scenario(Small), "--out", output, "-q", "--no-plots"]), Is.Zero);
        Assert.That(await FarmSimCommandLine.RunAsync(["run", Scenario(Small), "--out", output, "-q", "--no-plots", "--force"]), Is.Zero);
        Assert.That(File.Exists(Path.Combine(output, "run.json")));
        Assert.That(Directory.GetDirectories(_work).Select(Path.GetFileName).Order(), Is.EqualTo(new[] { "out", "precious" }), "no temporary folders left");
    }

    [Test]
    public void A_failure_midway_leaves_no_results_folder()
    {
        string output = Path.Combine(_work, "out");
        Assert.Throws<InvalidOperationException>(() => ResultsFolder.Write(output, false, into =>
        {
            File.WriteAllText(Path.Combine(into, "summary.csv"), "half");
            throw new InvalidOperationException("disk on fire");
        }));
        Assert.That(Directory.GetFileSystemEntries(_work), Is.EqualTo(new[] { Path.Combine(_work, "s.yaml") }).Or.Empty);
    }

    [Test]
    public async Task Outages_csv_holds_each_replications_random_failures_and_agrees_with_availability()
    {
        string output = Path.Combine(_work, "out");
        int code = await FarmSimCommandLine.RunAsync(["run", Scenario("""
            name: flaky
            simulation: { duration: 2000s, warmup: 100s, replications: 4, seed: 9 }
            servers:
              - { name: fe1, workers: 4, failures: { between: { distribution: exponential, mean: 200s }, repair: { distribution: exponential, mean: 50s } } }
              - { name: fe2, workers: 4 }
            apps: [ { name: A, arrival: { rate: 5/s }, service: { distribution: exponential, mean: 50ms } } ]
            """), "--out", output, "-q"]);
        Assert.That(code, Is.EqualTo(ExitCodes.Success));
        var outages = OutagesCsv.Read(Path.Combine(output, OutagesCsv.FileName));
        // The time each replication's fe1 was down within the measured period, from the file alone.
        double Down(int replication) => outages.Where(o => o.Replication == replication && o.Outage.Server == "fe1")
            .Sum(o => Math.Max(0, Math.Min(double.IsFinite(o.Outage.Up) ? o.Outage.Up : 2100, 2100) - Math.Max(o.Outage.Down, 100)));
        double availability = Enumerable.Range(1, 4).Average(r => 1 - Down(r) / 2000);
        var summary = SummaryCsv.Read(Path.Combine(output, SummaryCsv.FileName)).Single(r => r.Scope == "server" && r.Name == "fe1" && r.Metric == "availability");
        Assert.Multiple(() =>
        {
            Assert.That(outages.Select(o => o.Replication).Distinct().Count(), Is.EqualTo(4), "every replication failed at some point");
            Assert.That(outages.Select(o => o.Outage.Server), Has.All.EqualTo("fe1"));
            Assert.That(summary.Value, Is.EqualTo(availability).Within(1e-6));
        });
    }
}
