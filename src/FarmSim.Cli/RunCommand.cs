using System.CommandLine;
using System.Globalization;
using FarmSim.Experiments;
using FarmSim.Reports;
using FarmSim.Scenarios;

namespace FarmSim.Cli;

/// <summary><c>farmsim run</c>: a scenario (or the run.json of an earlier run) to a results folder.</summary>
public static class RunCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("scenario") { Description = "The scenario file (YAML), or the run.json of an earlier run to repeat it." };
        var output = new Option<string?>("--out", "-o") { Description = "The results folder (default: results/<scenario name>/<timestamp>)." };
        var force = new Option<bool>("--force") { Description = "Replace the results folder if it exists." };
        var threads = ThreadsOption.Create();
        var quiet = new Option<bool>("--quiet", "-q") { Description = "Print nothing but errors." };
        var noPlots = new Option<bool>("--no-plots") { Description = "Write the CSVs and run.json only: no charts, no report." };
        var scenario = new ScenarioOptions();
        var command = new Command("run", "Simulate a scenario's replications and write summary.csv and run.json to a results folder.")
        {
            file, output, force, threads, quiet, noPlots,
        };
        scenario.AddTo(command);
        command.SetAction((parsed, cancellation) => Task.FromResult(Execute(
            parsed.GetValue(file)!, scenario.Overrides(parsed), parsed.GetValue(output), parsed.GetValue(force),
            parsed.GetValue(threads), parsed.GetValue(quiet), parsed.GetValue(noPlots), cancellation)));
        return command;
    }

    /// <summary>Why charts cannot be drawn here, or null.</summary>
    internal static string? FontProblem()
    {
        try
        {
            Reports.Charts.ChartStyle.EnsureFonts();
            return null;
        }
        catch (InvalidOperationException e)
        {
            return e.Message;
        }
    }

    private static int Execute(string file, List<Override> overrides, string? output, bool force, int? threads, bool quiet, bool noPlots, CancellationToken cancellation)
    {
        var loaded = ScenarioOptions.Load(file, overrides, quiet);
        if (loaded.Scenario is not { } scenario) return ExitCodes.BadInput;
        string folder = output ?? Path.Combine("results", scenario.Name, DateTime.Now.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture));
        if (ResultsFolder.Problem(folder, force) is { } problem)
        {
            Console.Error.WriteLine($"farmsim: {problem}");
            return ExitCodes.BadInput;
        }

        var settings = scenario.Simulation;
        if (!noPlots && FontProblem() is { } fonts)
        {
            Console.Error.WriteLine($"farmsim: {fonts} (or pass --no-plots)");
            return ExitCodes.Failure;
        }
        try
        {
            if (!quiet)
                Console.Error.WriteLine($"Running '{scenario.Name}': {settings.Replications} replications of {Units.FormatDuration(settings.Duration)} after a {Units.FormatDuration(settings.Warmup)} warm-up, seed {settings.Seed}.");
            var result = RunProgress.Show(scenario.Name, quiet, progress =>
                ReplicationRunner.Run(scenario.Farm, settings, threads, progress, cancellation));
            if (result.Unstable is { } unstable)
            {
                Console.Error.WriteLine($"farmsim: the farm is unstable: {unstable.Message}. No results were written.");
                return ExitCodes.Failure;
            }

            var record = new RunRecord(ScenarioLoader.RunFormat, ScenarioWriter.ToJson(scenario, loaded.ServiceLevels), file, loaded.SourceSha256!,
                overrides.Select(o => o.Origin).ToList(), settings.Seed, settings.Replications, FarmSimCommandLine.BuildInfo, result.WallTime.TotalSeconds, result.EventsProcessed);
            ResultsFolder.Write(folder, force, into =>
            {
                SummaryCsv.Write(Path.Combine(into, SummaryCsv.FileName), result.Summary);
                TimeSeriesCsv.Write(Path.Combine(into, TimeSeriesCsv.FileName), result.TimeSeries);
                LatencyDistributionCsv.Write(Path.Combine(into, LatencyDistributionCsv.FileName), result.Distributions);
                if (scenario.Farm.CanFail) OutagesCsv.Write(Path.Combine(into, OutagesCsv.FileName), result.Replications);
                record.Write(Path.Combine(into, RunRecord.FileName));
                // The report is drawn from the files just written, exactly as 'farmsim report' would.
                if (!noPlots) ReportWriter.Write(into, into);
                cancellation.ThrowIfCancellationRequested(); // Ctrl+C while writing: nothing is moved into place
            });
            if (!quiet)
            {
                SummaryTable.Print(scenario, result);
                Console.WriteLine($"{result.EventsProcessed:N0} events in {result.WallTime.TotalSeconds:F1} s. Results: {folder}"
                    + (noPlots ? "" : $" (report: {Path.Combine(folder, ReportWriter.Html)})"));
            }
            return ExitCodes.Success;
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine("farmsim: cancelled; no results were written.");
            return ExitCodes.Failure;
        }
    }
}
