using System.CommandLine;
using System.Globalization;
using FarmSim.Calibration;
using FarmSim.Logs;
using FarmSim.Reports;
using FarmSim.Reports.Calibration;
using FarmSim.Scenarios;

namespace FarmSim.Cli;

/// <summary>
/// <c>farmsim calibrate</c>: logs to a calibrated scenario, with its evidence in a folder beside it.
/// Both appear whole or not at all; bad logs or options exit 2 with nothing written.
/// </summary>
public static class CalibrateCommand
{
    public static Command Create()
    {
        var logs = new Argument<string[]>("logs") { Description = "IIS W3C, HTTP.sys HTTPERR, HAProxy or NGINX logs: files, .gz files or folders of them (a folder per server names the server when the lines do not).", Arity = ArgumentArity.OneOrMore };
        var scenario = new Option<string?>("--scenario") { Description = "A scenario whose apps' paths cut the logs into apps, and whose farm the calibrated apps go into." };
        var output = new Option<string>("--out", "-o") { Description = "The calibrated scenario file to write (YAML); its evidence goes to the folder <name>.calibration beside it.", Required = true };
        var exclude = new Option<string[]>("--exclude") { Description = "Leave out paths matching this pattern (* and ?, without regard to case), such as '*.css' or '/health*' (repeatable).", Arity = ArgumentArity.OneOrMore, AllowMultipleArgumentsPerToken = false };
        var window = new Option<string?>("--window") { Description = "The profile's window, a multiple of 10s (default: 1m, 5m, 15m or 1h, the shortest giving at most 400 windows)." };
        var serviceFrom = new Option<string>("--service-from") { Description = "Where service times come from: auto (the quietest quarter of the windows when it holds enough times), quiet, or all.", DefaultValueFactory = _ => "auto" };
        serviceFrom.AcceptOnlyFromAmong("auto", "quiet", "all");
        var nginx = new Option<string?>("--nginx-format") { Description = "The log_format NGINX access logs were written with, such as '$remote_addr [$time_local] \"$request\" $status $request_time $upstream_addr $upstream_response_time'." };
        var utcOffset = new Option<string?>("--utc-offset") { Description = "How far local time is ahead of UTC (such as +01:00), for IIS Advanced Logging's date-local and time-local." };
        var force = new Option<bool>("--force") { Description = "Replace the scenario file and its evidence folder if they exist." };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "Print nothing but errors." };
        var schema = new Option<string?>("--schema") { Description = "Point editors at the scenario JSON Schema at this path or address (a yaml-language-server comment on the first line)." };
        var command = new Command("calibrate", "Read a farm's logs and write a scenario calibrated from them: each app's arrival profile and service time, with the evidence.")
        {
            logs, scenario, output, exclude, window, serviceFrom, utcOffset, nginx, force, quiet, schema,
        };
        command.SetAction((parsed, cancellation) => Task.FromResult(Execute(parsed.GetValue(logs)!, parsed.GetValue(scenario), parsed.GetValue(output)!,
            parsed.GetValue(exclude) ?? [], parsed.GetValue(window), parsed.GetValue(serviceFrom)!, parsed.GetValue(utcOffset), parsed.GetValue(nginx), parsed.GetValue(force), parsed.GetValue(quiet), parsed.GetValue(schema), cancellation)));
        return command;
    }

    private static int Execute(string[] logs, string? scenarioFile, string output, string[] excludes, string? windowText, string serviceFrom, string? offsetText, string? nginxFormat,
        bool force, bool quiet, string? schema, CancellationToken cancellation)
    {
        var problems = new List<string>();
        double? window = null;
        if (windowText is not null)
        {
            // Two bins at least, so that a window's counts can test Poisson; a day at most.
            if (!Units.TryParseDuration(windowText, out double w) || w < 2 * ArrivalCounts.Bin || w > 86400 || Math.Abs(w / ArrivalCounts.Bin - Math.Round(w / ArrivalCounts.Bin)) > 1e-9)
                problems.Add($"--window {windowText}: expected a duration from {2 * ArrivalCounts.Bin:0}s to 1d that is a whole multiple of {ArrivalCounts.Bin:0}s, such as 1m or 5m");
            else window = w;
        }
        double offset = 0;
        if (offsetText is not null && !Units.TryParseUtcOffset(offsetText, out offset))
            problems.Add($"--utc-offset {offsetText}: expected hours and minutes ahead of UTC, such as +01:00 or -05:30");
        if (nginxFormat is not null && LogReader.NginxFormatProblem(nginxFormat) is { } formatProblem) problems.Add($"--nginx-format: {formatProblem}");
        string report = ReportFolder(output);
        if (File.Exists(output) && !force) problems.Add($"'{output}' already exists; choose another --out or pass --force to replace it");
        if (ResultsFolder.Problem(report, force) is { } folderProblem) problems.Add(folderProblem);
        Scenarios.LoadResult? given = null;
        if (scenarioFile is not null)
        {
            given = ScenarioOptions.Load(scenarioFile, [], quiet);
            if (given.Scenario is null) problems.Add($"{scenarioFile}: the scenario has errors (above)");
        }
        if (problems.Count > 0)
        {
            foreach (string p in problems) Console.Error.WriteLine($"farmsim: {p}");
            return ExitCodes.BadInput;
        }

        var options = new CalibrationOptions(logs)
        {
            Routes = given?.Scenario?.Farm.Apps.Select(a => new AppRoute(a.Name, a.Path)).ToList(),
            Excludes = excludes,
            Window = window,
            ServiceFrom = Enum.Parse<ServiceSource>(serviceFrom, ignoreCase: true),
            Log = new LogOptions { UtcOffset = offset, NginxFormat = nginxFormat },
        };
        try
        {
            var calibration = Calibrator.Run(options, cancellation);
            if (calibration.Errors.Count > 0)
            {
                foreach (string e in calibration.Errors) Console.Error.WriteLine($"farmsim: {e}");
                Console.Error.WriteLine("farmsim: nothing was written.");
                return ExitCodes.BadInput;
            }
            string name = Path.GetFileNameWithoutExtension(output);
            var calibrated = CalibratedFarm.Build(calibration, given?.Scenario, name);
            var header = new List<string> { calibrated.Scenario.Description!, $"Written by farmsim calibrate; the evidence is in {Path.GetFileName(report)}/{CalibrationReport.Markdown}." };
            string yaml = (schema is null ? "" : $"# yaml-language-server: $schema={schema}\n") + ScenarioYaml.Write(calibrated.Scenario, calibrated.Notes, header);
            // The scenario must load as any other does: a calibration that writes a bad one is a bug, said as such.
            var check = ScenarioLoader.Load(yaml, output);
            if (check.Scenario is null)
            {
                foreach (var d in check.Errors) Console.Error.WriteLine($"farmsim: internal error, the calibrated scenario does not load: {d}");
                return ExitCodes.Failure;
            }
            CalibrationReport.WriteWithScenario(output, yaml, report, force, into => CalibrationReport.Write(into, calibration, calibrated, output));
            if (!quiet) Print(calibration, calibrated, output, report);
            return ExitCodes.Success;
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine("farmsim: cancelled; nothing was written.");
            return ExitCodes.Failure;
        }
    }

    public static string ReportFolder(string output) =>
        Path.Combine(Path.GetDirectoryName(output) ?? "", Path.GetFileNameWithoutExtension(output) + ".calibration");

    private static void Print(CalibrationResult c, CalibratedScenario s, string output, string report)
    {
        var r = c.Reading;
        Console.WriteLine($"Read {r.Lines:N0} lines of {r.Files.Count} file(s): {r.Requests:N0} requests, {r.Skipped:N0} lines skipped{(r.Skipped > 0 ? $" (first: {r.Problems[0]})" : "")}.");
        foreach (var a in c.Apps)
            Console.WriteLine($"  {a.Name,-16} {a.Requests,12:N0} requests, peak {a.PeakRate:0.##}/s; service: {(a.Used is { } u ? $"{u.ChosenName}, mean {u.Chosen.Mean * 1e3:0.#} ms" : "not in the logs")}");
        foreach (var n in r.Notices) Console.WriteLine($"  note: {n}");
        foreach (string w in s.Warnings) Console.WriteLine($"  note: {w}");
        Console.WriteLine($"Calibrated scenario: {output} (evidence: {Path.Combine(report, CalibrationReport.Markdown)})");
    }
}
