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
        Directory.CreateDirectory(output);
        File.WriteAllText(Path.Combine(output, "keep.txt"), "mine");
        Assert.That(await FarmSimCommandLine.RunAsync(["run", Scenario(Small), "--out", output, "-q"]), Is.EqualTo(ExitCodes.BadInput));
        Assert.That(File.Exists(Path.Combine(output, "keep.txt")));

        Assert.That(await FarmSimCommandLine.RunAsync(["run", Scenario(Small), "--out", output, "--force", "-q"]), Is.EqualTo(ExitCodes.Success));
        Assert.That(Directory.GetFiles(output).Select(Path.GetFileName).Order(), Is.EqualTo(new[] { "run.json", "summary.csv" }));
    }

    [Test]
    public async Task A_bad_scenario_exits_with_2_and_writes_nothing()
    {
        string output = Path.Combine(_work, "out");
        int code = await FarmSimCommandLine.RunAsync(["run", Scenario(Small.Replace("50/s", "50")), "--out", output, "-q"]);
        Assert.That(code, Is.EqualTo(ExitCodes.BadInput));
        Assert.That(Directory.Exists(output), Is.False);
    }

    [Test]
    public async Task The_run_json_of_a_run_reproduces_it_exactly()
    {
        string first = Path.Combine(_work, "first"), second = Path.Combine(_work, "second");
        string scenario = Scenario(Small);
        Assert.That(await FarmSimCommandLine.RunAsync(["run", scenario, "--out", first, "-q", "--set", "zones.Half.balancer=power-of-two-choices", "--seed", "77"]), Is.Zero);
        Assert.That(await FarmSimCommandLine.RunAsync(["run", Path.Combine(first, "run.json"), "--out", second, "-q", "--threads", "1"]), Is.Zero);
        Assert.That(File.ReadAllText(Path.Combine(second, "summary.csv")), Is.EqualTo(File.ReadAllText(Path.Combine(first, "summary.csv"))));

        var record = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(first, "run.json")))!;
        Assert.That((string?)record["format"], Is.EqualTo("farmsim-run/1"));
        Assert.That((string?)record["source"]!["sha256"], Is.EqualTo(RunRecord.Sha256Of(scenario)));
        Assert.That((long?)record["seed"], Is.EqualTo(77));
        Assert.That((int?)record["replications"], Is.EqualTo(3));
        Assert.That((long?)record["events_processed"], Is.GreaterThan(0));
        Assert.That((string?)record["scenario"]!["zones"]![0]!["balancer"], Is.EqualTo("power-of-two-choices"));
        Assert.That((string?)record["farmsim_version"], Is.EqualTo(FarmSimCommandLine.Version));
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
    public async Task An_unknown_option_exits_with_2() =>
        Assert.That(await FarmSimCommandLine.RunAsync(["run", "x.yaml", "--bogus"]), Is.EqualTo(ExitCodes.BadInput));

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
}
