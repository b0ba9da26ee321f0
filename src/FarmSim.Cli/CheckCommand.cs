using System.CommandLine;
using FarmSim.Calibration;
using FarmSim.Experiments;
using FarmSim.Logs;
using FarmSim.Reports;
using FarmSim.Reports.Calibration;

namespace FarmSim.Cli;

/// <summary><c>farmsim check</c>: a scenario's simulated farm beside what the farm's logs observed over the same span.</summary>
public static class CheckCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("scenario") { Description = "The scenario to check, such as one farmsim calibrate wrote." };
        var logs = new Argument<string[]>("logs") { Description = "The logs it stands for (the files, .gz files or folders calibrate read).", Arity = ArgumentArity.OneOrMore };
        var output = new Option<string>("--out", "-o") { Description = "The folder for check.md, check.png and the CSVs.", Required = true };
        var force = new Option<bool>("--force") { Description = "Replace the folder if it holds an earlier check." };
        var threads = ThreadsOption.Create();
        var quiet = new Option<bool>("--quiet", "-q") { Description = "Print nothing but errors." };
        var exclude = new Option<string[]>("--exclude") { Description = "Leave out paths matching this pattern, as calibrate did (repeatable).", Arity = ArgumentArity.OneOrMore, AllowMultipleArgumentsPerToken = false };
        var nginx = new Option<string?>("--nginx-format") { Description = "The log_format NGINX access logs were written with, such as '$remote_addr [$time_local] \"$request\" $status $request_time $upstream_addr $upstream_response_time'." };
        var utcOffset = new Option<string?>("--utc-offset") { Description = "How far local time is ahead of UTC, for date-local and time-local." };
        var scenario = new ScenarioOptions();
        var command = new Command("check", "Simulate a scenario over its logged span and set its throughput per window and p50/p95/p99 per app beside what the logs observed.")
        {
            file, logs, output, force, threads, quiet, utcOffset, nginx, exclude,
        };
        scenario.AddTo(command);
        command.SetAction((parsed, cancellation) => Task.FromResult(Execute(parsed.GetValue(file)!, parsed.GetValue(logs)!, scenario.Overrides(parsed), parsed.GetValue(output)!,
            parsed.GetValue(force), parsed.GetValue(threads), parsed.GetValue(quiet), parsed.GetValue(utcOffset), parsed.GetValue(nginx), parsed.GetValue(exclude) ?? [], cancellation)));
        return command;
    }

    private static int Execute(string file, string[] logs, List<Scenarios.Override> overrides, string output, bool force, int? threads, bool quiet, string? offsetText, string? nginxFormat, string[] excludes, CancellationToken cancellation)
    {
        var loaded = ScenarioOptions.Load(file, overrides, quiet);
        bool bad = loaded.Scenario is null;
        double offset = 0;
        if (offsetText is not null && !Scenarios.Units.TryParseUtcOffset(offsetText, out offset))
        {
            Console.Error.WriteLine($"farmsim: --utc-offset {offsetText}: expected hours and minutes ahead of UTC, such as +01:00 or -05:30");
            bad = true;
        }
        if (nginxFormat is not null && LogReader.NginxFormatProblem(nginxFormat) is { } formatProblem)
        {
            Console.Error.WriteLine($"farmsim: --nginx-format: {formatProblem}");
            bad = true;
        }
        if (ResultsFolder.Problem(output, force) is { } problem)
        {
            Console.Error.WriteLine($"farmsim: {problem}");
            bad = true;
        }
        if (bad || loaded.Scenario is not { } s) return ExitCodes.BadInput;
        var settings = s.Simulation;
        double window = settings.WindowOrDefault;
        int windows = (int)Math.Ceiling(settings.End / window - 1e-9);
        var observed = Observed.Read(logs, s.Farm.Apps.Select(a => new AppRoute(a.Name, a.Path)).ToList(), excludes, window, windows, new LogOptions { UtcOffset = offset, NginxFormat = nginxFormat });
        var errors = observed.Reading.FileErrors.Select(e => e.ToString()).ToList();
        if (errors.Count == 0 && observed.Apps.All(a => a.Requests == 0))
            errors.Add($"no logged request is under the scenario's paths ({string.Join(", ", s.Farm.Apps.Select(a => a.Path))}), expected the logs the scenario stands for");
        if (errors.Count > 0)
        {
            foreach (string e in errors) Console.Error.WriteLine($"farmsim: {e}");
            Console.Error.WriteLine("farmsim: nothing was written.");
            return ExitCodes.BadInput;
        }
        try
        {
            var run = RunProgress.Show(s.Name, quiet, progress => ReplicationRunner.Run(s.Farm, settings, threads, progress, cancellation));
            if (run.Unstable is { } unstable)
            {
                Console.Error.WriteLine($"farmsim: the farm is unstable: {unstable.Message}. Nothing was written.");
                return ExitCodes.Failure;
            }
            ResultsFolder.Write(output, force, into =>
            {
                ModelCheck.Write(into, s, run, observed);
                cancellation.ThrowIfCancellationRequested();
            });
            if (!quiet)
            {
                foreach (var f in ModelCheck.Figures(run, observed))
                    Console.WriteLine($"  {f.App,-16} {f.Figure,-14} logged {f.Observed,10:0.##}  simulated {f.Simulated,10:0.##} [{f.Low:0.##}, {f.High:0.##}]  {f.Verdict}");
                Console.WriteLine($"Check: {Path.Combine(output, ModelCheck.Markdown)}");
            }
            return ExitCodes.Success;
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine("farmsim: cancelled; nothing was written.");
            return ExitCodes.Failure;
        }
    }
}
