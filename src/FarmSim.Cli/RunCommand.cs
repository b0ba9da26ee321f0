using System.CommandLine;
using System.Globalization;
using FarmSim.Experiments;
using FarmSim.Farm.Topology;
using FarmSim.Reports;
using FarmSim.Scenarios;
using Spectre.Console;

namespace FarmSim.Cli;

/// <summary><c>farmsim run</c>: a scenario to a results folder.</summary>
public static class RunCommand
{
    public static Command Create()
    {
        var scenario = new Argument<FileInfo>("scenario") { Description = "The scenario file (YAML)." };
        var output = new Option<DirectoryInfo?>("--out", "-o") { Description = "The results folder (default: results/<scenario name>/<timestamp>)." };
        var force = new Option<bool>("--force") { Description = "Replace the results folder if it exists." };
        var seed = new Option<long?>("--seed") { Description = "Override the scenario's seed." };
        var replications = new Option<int?>("--replications", "-r") { Description = "Override the number of replications." };
        var threads = new Option<int?>("--threads") { Description = "Run at most this many replications at once (default: one per core)." };
        var command = new Command("run", "Simulate a scenario's replications and write summary.csv.")
        {
            scenario, output, force, seed, replications, threads,
        };
        command.SetAction((parsed, cancellation) => Task.FromResult(Execute(
            parsed.GetValue(scenario)!, parsed.GetValue(output), parsed.GetValue(force),
            parsed.GetValue(seed), parsed.GetValue(replications), parsed.GetValue(threads), cancellation)));
        return command;
    }

    private static int Execute(FileInfo file, DirectoryInfo? output, bool force, long? seed, int? replications, int? threads, CancellationToken cancellation)
    {
        var loaded = ScenarioLoader.LoadFile(file.ToString());
        foreach (var diagnostic in loaded.Diagnostics) Console.Error.WriteLine(diagnostic);
        if (loaded.Scenario is null) return ExitCodes.BadInput;

        var scenario = loaded.Scenario;
        var settings = scenario.Simulation with
        {
            Seed = seed ?? scenario.Simulation.Seed,
            Replications = replications ?? scenario.Simulation.Replications,
        };
        if (settings.Replications < 1 || threads is < 1)
        {
            Console.Error.WriteLine("farmsim: --replications and --threads must be 1 or more.");
            return ExitCodes.BadInput;
        }

        string folder = output?.ToString() ?? Path.Combine("results", scenario.Name, DateTime.Now.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture));
        if (ResultsFolder.Problem(folder, force) is { } problem)
        {
            Console.Error.WriteLine($"farmsim: {problem}");
            return ExitCodes.BadInput;
        }

        try
        {
            Console.Error.WriteLine($"Running '{scenario.Name}': {settings.Replications} replications of {Units.FormatDuration(settings.Duration)} after {Units.FormatDuration(settings.Warmup)} warm-up, seed {settings.Seed}.");
            var result = ReplicationRunner.Run(scenario.Farm, settings, threads, cancellation: cancellation);
            ResultsFolder.Write(folder, force, into => SummaryCsv.Write(Path.Combine(into, "summary.csv"), result.Summary));
            PrintTable(scenario, result);
            Console.WriteLine($"{result.EventsProcessed:N0} events in {result.WallTime.TotalSeconds:F1} s. Results: {folder}");
            return ExitCodes.Success;
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine("farmsim: cancelled; no results were written.");
            return ExitCodes.Failure;
        }
    }

    private static void PrintTable(Scenario scenario, RunResult result)
    {
        var rows = result.Summary.ToLookup(r => (r.Scope, r.Name));
        var table = new Table().Title($"[bold]{Markup.Escape(scenario.Name)}[/] (mean ± 95% CI half-width over {result.Settings.Replications} replications)");
        table.AddColumns("scope", "name", "req/s", "mean ms", "p50 ms", "p95 ms", "p99 ms", "rejected %");
        foreach (var column in table.Columns.Skip(2)) column.RightAligned();

        void Add(string scope, string name)
        {
            var metrics = rows[(scope, name)].ToDictionary(r => r.Metric);
            string Cell(string metric, double scale = 1, string format = "F1") =>
                metrics.TryGetValue(metric, out var row)
                    ? double.IsFinite(row.HalfWidth)
                        ? $"{(row.Value * scale).ToString(format, CultureInfo.InvariantCulture)}±{(row.HalfWidth * scale).ToString(format, CultureInfo.InvariantCulture)}"
                        : (row.Value * scale).ToString(format, CultureInfo.InvariantCulture)
                    : "-";
            table.AddRow(scope, Markup.Escape(name), Cell("throughput_rps"), Cell("latency_mean_ms"), Cell("latency_p50_ms"),
                Cell("latency_p95_ms"), Cell("latency_p99_ms"), Cell("rejected_fraction", 100, "F2"));
        }

        Add("farm", "farm");
        foreach (var app in scenario.Farm.Apps) Add("app", app.Name);
        AnsiConsole.Write(table);
    }
}
