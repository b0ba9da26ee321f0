using FarmSim.Cli;
using FarmSim.Engine.Distributions;
using FarmSim.Scenarios;
using FarmSim.Tests.Logs;

namespace FarmSim.Tests.Cli;

/// <summary>farmsim calibrate from the command line: what it writes, and what bad logs get instead.</summary>
public class CalibrateCommandTests
{
    private string _work = "";

    [SetUp]
    public void MakeFolder() => _work = Directory.CreateTempSubdirectory("farmsim-calibrate-").FullName;

    [TearDown]
    public void RemoveFolder() => Directory.Delete(_work, recursive: true);

    private static Task<(int Code, string Out, string Error)> Calibrate(params string[] args) => Farmsim(["calibrate", .. args]);

    private static async Task<(int Code, string Out, string Error)> Farmsim(string[] args)
    {
        var (stdout, stderr) = (Console.Out, Console.Error);
        var (o, e) = (new StringWriter(), new StringWriter());
        Console.SetOut(o);
        Console.SetError(e);
        try
        {
            int code = await FarmSimCommandLine.RunAsync(args);
            return (code, o.ToString(), e.ToString());
        }
        finally
        {
            Console.SetOut(stdout);
            Console.SetError(stderr);
        }
    }

    private string Log(string name, string text)
    {
        string path = Path.Combine(_work, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    private bool NothingWritten(string output) => !File.Exists(output) && !Directory.Exists(CalibrateCommand.ReportFolder(output))
        && !Directory.EnumerateFileSystemEntries(_work, ".*partial*", SearchOption.AllDirectories).Any();

    [Test]
    public async Task The_example_logs_give_a_scenario_that_loads_with_its_evidence_beside_it()
    {
        string output = Path.Combine(_work, "out", "calibrated.yaml");
        var (code, stdout, stderr) = await Calibrate(Path.Combine(Repository.Root, "scenarios", "logs"), "--out", output, "--window", "10m");
        Assert.That(code, Is.EqualTo(ExitCodes.Success), stderr);
        var loaded = ScenarioLoader.LoadFile(output);
        Assert.Multiple(() =>
        {
            Assert.That(loaded.Errors, Is.Empty);
            Assert.That(loaded.Scenario!.Farm.Apps.Select(a => a.Name), Is.EqualTo(new[] { "Portal", "Reports" }));
            Assert.That(loaded.Scenario.Farm.Servers.Select(s => s.Name), Is.EqualTo(new[] { "fe1", "fe2" }));
            Assert.That(loaded.Scenario.Simulation.Duration, Is.EqualTo(1800));
            Assert.That(File.ReadAllText(output), Does.Contain("# lognormal: AIC").And.Contain("arrivals are Poisson"));
            foreach (string file in new[] { "calibration.md", "profile.csv", "fits.csv", "servers.csv", "skipped.csv" })
                Assert.That(Path.Combine(CalibrateCommand.ReportFolder(output), file), Does.Exist);
            Assert.That(stdout, Does.Contain("Portal").And.Contain("lognormal"));
        });
    }

    [Test]
    public async Task Logs_in_an_unknown_format_an_empty_log_and_a_missing_file_are_all_named_with_exit_2_and_nothing_written()
    {
        string output = Path.Combine(_work, "c.yaml");
        string unknown = Log("access.log", "127.0.0.1 - - [30/Nov/2026:08:00:00 +0000] \"GET / HTTP/1.1\" 200 512\n");
        string empty = Log("empty.log", "");
        var (code, _, stderr) = await Calibrate(unknown, empty, Path.Combine(_work, "nowhere.log"), "--out", output);
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(ExitCodes.BadInput));
            Assert.That(stderr, Does.Contain($"{unknown}:1: the format is not one this reads"));
            Assert.That(stderr, Does.Contain($"{empty}: the file is empty"));
            Assert.That(stderr, Does.Contain("nowhere.log: does not exist"));
            Assert.That(stderr, Does.Contain("nothing was written"));
            Assert.That(NothingWritten(output));
        });
    }

    [Test]
    public async Task A_fields_line_without_date_or_path_is_an_error_at_that_line()
    {
        string output = Path.Combine(_work, "c.yaml");
        string log = Log("fe1/u_ex261130.log", "#Software: Microsoft Internet Information Services 10.0\n#Fields: s-ip cs-method sc-status time-taken\n10.0.0.1 GET 200 15\n");
        var (code, _, stderr) = await Calibrate(log, "--out", output);
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(ExitCodes.BadInput));
            Assert.That(stderr, Does.Contain($"{log}:2: the #Fields line names no date and time"));
            Assert.That(NothingWritten(output));
        });
    }

    [Test]
    public async Task Logs_without_time_taken_calibrate_arrivals_only_and_say_so()
    {
        string output = Path.Combine(_work, "c.yaml");
        var lines = new List<string> { "#Software: Microsoft Internet Information Services 10.0", "#Fields: date time cs-uri-stem sc-status" };
        for (int i = 0; i < 600; i++) lines.Add($"2026-11-30 08:{i / 60:00}:{i % 60:00} /Portal/Home 200");
        string log = Log("fe1/u_ex261130.log", string.Join("\n", lines) + "\n");
        var (code, stdout, stderr) = await Calibrate(log, "--out", output);
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(ExitCodes.Success), stderr);
            Assert.That(stdout, Does.Contain($"{log}:2: the #Fields line names no time-taken"));
            Assert.That(stdout, Does.Contain("service: not in the logs"));
            Assert.That(ScenarioLoader.LoadFile(output).Errors, Is.Empty);
        });
    }

    [Test]
    public async Task No_request_under_the_scenarios_paths_is_an_error_naming_the_paths_the_logs_hold()
    {
        string output = Path.Combine(_work, "c.yaml");
        string scenario = Log("farm.yaml", """
            name: farm
            simulation: { duration: 1h }
            servers: [ { name: fe1, workers: 8 } ]
            apps: [ { name: Shop, arrival: { rate: 1/s }, service: { distribution: exponential, mean: 10ms } } ]
            """);
        var (code, _, stderr) = await Calibrate(Path.Combine(Repository.Root, "scenarios", "logs"), "--scenario", scenario, "--out", output);
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(ExitCodes.BadInput));
            Assert.That(stderr, Does.Contain("no request matches an app's path (/Shop)").And.Contain("/Portal ("));
            Assert.That(NothingWritten(output));
        });
    }

    [Test]
    public async Task Bad_options_are_all_said_at_once()
    {
        string output = Path.Combine(_work, "c.yaml");
        var (code, _, stderr) = await Calibrate(Path.Combine(Repository.Root, "scenarios", "logs"), "--out", output, "--window", "7s", "--utc-offset", "noon");
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(ExitCodes.BadInput));
            Assert.That(stderr, Does.Contain("--window 7s").And.Contain("--utc-offset noon"));
            Assert.That(NothingWritten(output));
        });
    }

    [Test]
    public async Task The_committed_calibrated_example_is_what_calibrate_writes_from_the_example_logs()
    {
        // Run from the repository's root, as the README does, so that the files are named alike.
        string output = Path.Combine(_work, "calibrated-from-logs.yaml");
        string before = Environment.CurrentDirectory;
        Environment.CurrentDirectory = Repository.Root;
        try
        {
            var (code, _, stderr) = await Calibrate("scenarios/logs", "--out", output, "--window", "5m", "--schema", "../docs/farmsim.schema.json", "-q");
            Assert.That(code, Is.EqualTo(ExitCodes.Success), stderr);
        }
        finally
        {
            Environment.CurrentDirectory = before;
        }
        string committed = Path.Combine(Repository.Root, "scenarios", "calibrated-from-logs.yaml");
        Assert.That(File.ReadAllText(output), Is.EqualTo(File.ReadAllText(committed)), "run the README's farmsim calibrate command again");
        foreach (string file in Directory.GetFiles(CalibrateCommand.ReportFolder(committed)))
            Assert.That(File.ReadAllText(Path.Combine(CalibrateCommand.ReportFolder(output), Path.GetFileName(file))), Is.EqualTo(File.ReadAllText(file)), Path.GetFileName(file));
    }

    [Test]
    public async Task Check_sets_the_simulated_figures_beside_the_logged_ones_and_refuses_logs_of_another_farm()
    {
        string logs = Path.Combine(Repository.Root, "scenarios", "logs"), scenario = Path.Combine(Repository.Root, "scenarios", "calibrated-from-logs.yaml");
        string output = Path.Combine(_work, "check");
        var (code, _, error) = await Farmsim(["check", scenario, logs, "--out", output, "-q", "--replications", "2"]);
        string elsewhere = Log("farm.yaml", "name: farm\nsimulation: { duration: 30m }\nservers: [ { name: fe1, workers: 8 } ]\napps: [ { name: Shop, arrival: { rate: 1/s }, service: { distribution: exponential, mean: 10ms } } ]\n");
        var (other, _, otherError) = await Farmsim(["check", elsewhere, logs, "--out", Path.Combine(_work, "other"), "-q"]);
        Assert.That(code, Is.EqualTo(ExitCodes.Success), error);
        var rows = File.ReadAllLines(Path.Combine(output, "check.csv")).Skip(1).Select(l => l.Split(',')).ToList();
        // The logged throughput is the answered requests (refusals are not answers) that ended in the span, over it.
        var requests = FixtureLogs.Draw(ExampleLogsTests.Apps, 600, servers: 2, seed: 2026, refusedShare: 0.002);
        double Logged(int app) => requests.Count(r => r.App == app && !r.Refused && Math.Floor(r.Arrival + r.Service) - Math.Floor(r.Service * 1000) / 1000 + 0.5 + Math.Floor(r.Service * 1000) / 1000 < 1800) / 1800.0;
        Assert.Multiple(() =>
        {
            Assert.That(rows.Select(r => $"{r[0]} {r[1]}"), Is.EqualTo(new[] { "Portal throughput /s", "Portal p50 ms", "Portal p95 ms", "Portal p99 ms", "Reports throughput /s", "Reports p50 ms", "Reports p95 ms", "Reports p99 ms" }));
            Assert.That(double.Parse(rows[0][2], System.Globalization.CultureInfo.InvariantCulture), Is.EqualTo(Logged(0)).Within(1e-9));
            Assert.That(double.Parse(rows[4][2], System.Globalization.CultureInfo.InvariantCulture), Is.EqualTo(Logged(1)).Within(1e-9));
            foreach (string file in new[] { "check.md", "check.png", "check_over_time.csv" }) Assert.That(Path.Combine(output, file), Does.Exist);
            Assert.That(other, Is.EqualTo(ExitCodes.BadInput));
            Assert.That(otherError, Does.Contain("no logged request is under the scenario's paths (/Shop)"));
            Assert.That(Path.Combine(_work, "other"), Does.Not.Exist);
        });
    }

    [Test]
    public async Task With_a_scenario_its_farm_is_kept_its_apps_calibrated_and_classes_left_as_they_are()
    {
        string scenario = Log("farm.yaml", """
            name: farm
            simulation: { duration: 1h, replications: 3, seed: 9 }
            servers: [ { name: fe, count: 3, workers: 16 } ]
            zones: [ { name: Reporting, servers: [fe3], balancer: least-connections } ]
            apps:
              - { name: Portal, arrival: { rate: 1/s }, service: { distribution: exponential, mean: 10ms } }
              - { name: Reports, zone: Reporting, arrival: { rate: 1/s }, classes: [ { name: Run, share: 100%, cpu: 200ms } ] }
            """);
        string output = Path.Combine(_work, "c.yaml");
        var (code, stdout, stderr) = await Calibrate(Path.Combine(Repository.Root, "scenarios", "logs"), "--scenario", scenario, "--out", output, "--exclude", "*/Caf*");
        Assert.That(code, Is.EqualTo(ExitCodes.Success), stderr);
        var loaded = ScenarioLoader.LoadFile(output);
        Assert.That(loaded.Errors, Is.Empty);
        var farm = loaded.Scenario!.Farm;
        Assert.Multiple(() =>
        {
            Assert.That(farm.Servers.Select(s => (s.Name, s.Workers)), Is.EqualTo(new[] { ("fe1", 16), ("fe2", 16), ("fe3", 16) }));
            Assert.That(farm.Zones.Single(z => z.Name == "Reporting").Balancer, Is.EqualTo("least-connections"));
            Assert.That(farm.Apps[0].Service.Kind, Is.EqualTo(DistributionKind.LogNormal));
            Assert.That(farm.Apps[0].Profile, Is.Not.Null);
            Assert.That(farm.Apps[1].Classes![0].Cpu!.Mean, Is.EqualTo(0.2), "the classes are kept");
            Assert.That(farm.Apps[1].Profile, Is.Not.Null, "and the arrivals calibrated");
            Assert.That(loaded.Scenario.Simulation.Replications, Is.EqualTo(3));
            Assert.That(stdout, Does.Contain("Reports has request classes in the scenario"));
            Assert.That(File.ReadAllText(Path.Combine(CalibrateCommand.ReportFolder(output), "calibration.md")), Does.Contain("Left out by the exclusion patterns: 182 requests"));
        });
    }

    [Test]
    public async Task Local_time_fields_are_shifted_by_the_UTC_offset()
    {
        var lines = new List<string> { "#Software: Microsoft Internet Information Services 10.0", "#Fields: date-local time-local cs-uri-stem sc-status time-taken" };
        for (int i = 0; i < 120; i++) lines.Add($"2026-11-30 09:{i / 60:00}:{i % 60:00} /Portal/Home 200 20");
        string log = Log("fe1/u_ex261130.log", string.Join("\r\n", lines) + "\r\n");
        string output = Path.Combine(_work, "c.yaml");
        var (code, _, stderr) = await Calibrate(log, "--out", output, "--utc-offset", "+01:00");
        Assert.That(code, Is.EqualTo(ExitCodes.Success), stderr);
        Assert.That(File.ReadAllText(Path.Combine(CalibrateCommand.ReportFolder(output), "calibration.md")), Does.Contain("from 2026-11-30 08:00:00 UTC"));
    }
}
