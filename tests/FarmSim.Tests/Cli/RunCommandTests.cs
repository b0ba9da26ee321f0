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
