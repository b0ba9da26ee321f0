using System.Globalization;
using System.Text;
using FarmSim.Calibration;

namespace FarmSim.Reports.Calibration;

/// <summary>
/// The evidence behind a calibrated scenario, in a folder of its own: calibration.md (what was
/// read and skipped, each app's profile, Poisson test and service-time fits, each server's shares
/// and refusals), and the same figures as CSV for notebooks.
/// </summary>
public static class CalibrationReport
{
    public const string Markdown = "calibration.md", ProfileCsv = "profile.csv", FitsCsv = "fits.csv", ServersCsv = "servers.csv", SkippedCsv = "skipped.csv";

    public static void Write(string folder, CalibrationResult calibration, CalibratedScenario scenario, string scenarioFile)
    {
        WriteProfile(Path.Combine(folder, ProfileCsv), calibration);
        WriteFits(Path.Combine(folder, FitsCsv), calibration);
        WriteServers(Path.Combine(folder, ServersCsv), calibration);
        CsvFile.Write(Path.Combine(folder, SkippedCsv), ["why", "lines"], csv =>
        {
            foreach (var (why, count) in calibration.Reading.SkippedBy.OrderByDescending(p => p.Value))
            {
                csv.WriteField(why);
                csv.WriteField(count);
                csv.NextRecord();
            }
        });
        CalibrationCharts.Write(folder, calibration);
        File.WriteAllText(Path.Combine(folder, Markdown), Text(calibration, scenario, scenarioFile));
    }

    /// <summary>The evidence folder first, then the scenario; if the scenario cannot be put in place, the folder goes too.</summary>
    public static void WriteWithScenario(string output, string yaml, string report, bool force, Action<string> writeReport)
    {
        string folder = Path.GetDirectoryName(Path.GetFullPath(output))!;
        Directory.CreateDirectory(folder);
        string temporary = Path.Combine(folder, $".{Path.GetFileName(output)}.partial-{Guid.NewGuid():N}");
        File.WriteAllText(temporary, yaml);
        try
        {
            ResultsFolder.Write(report, force, writeReport);
            try
            {
                File.Move(temporary, output, overwrite: force);
            }
            catch
            {
                Directory.Delete(report, recursive: true);
                throw;
            }
        }
        finally
        {
            if (File.Exists(temporary)) File.Delete(temporary);
        }
    }

    private static void WriteProfile(string path, CalibrationResult c) =>
        CsvFile.Write(path, ["window_start_s", "utc", .. c.Apps.Select(a => $"{a.Name}_rps")], csv =>
        {
            for (int w = 0; w < c.Windows; w++)
            {
                csv.WriteField(CsvFile.Format(w * c.Window));
                csv.WriteField(Utc(c.Start + w * c.Window));
                foreach (var app in c.Apps) csv.WriteField(CsvFile.Format(app.WindowRates[w]));
                csv.NextRecord();
            }
        });

    private static void WriteFits(string path, CalibrationResult c) =>
        CsvFile.Write(path, ["app", "times", "family", "parameters", "log_likelihood", "aic", "ks_distance", "chosen", "source"], csv =>
        {
            foreach (var app in c.Apps)
                foreach (var (fit, source) in new[] { (app.AllFit, "all"), (app.QuietFit, "quiet") })
                {
                    if (fit is null) continue;
                    foreach (var f in fit.Fits)
                    {
                        csv.WriteField(app.Name);
                        csv.WriteField(fit.Count);
                        csv.WriteField(f.Name);
                        csv.WriteField(string.Join("; ", f.Estimates.Select(e => $"{e.Name}={CsvFile.Format(e.Value)}±{CsvFile.Format(e.StandardError)}")));
                        csv.WriteField(CsvFile.Format(f.LogLikelihood));
                        csv.WriteField(CsvFile.Format(f.Aic));
                        csv.WriteField(CsvFile.Format(f.KsDistance));
                        csv.WriteField(ReferenceEquals(fit, app.Used) && fit.ChosenName == f.Name ? "yes" : "");
                        csv.WriteField(source);
                        csv.NextRecord();
                    }
                }
        });

    private static void WriteServers(string path, CalibrationResult c) =>
        CsvFile.Write(path, ["server", .. c.Apps.Select(a => $"{a.Name}_requests"), .. c.Apps.Select(a => $"{a.Name}_share"), "rejected_503", "queue_full", "timed_out_in_queue", "other_5xx", "client_disconnects"], csv =>
        {
            foreach (var s in c.Servers)
            {
                csv.WriteField(s.Name);
                foreach (long n in s.PerApp) csv.WriteField(n);
                for (int a = 0; a < c.Apps.Count; a++) csv.WriteField(CsvFile.Format(c.Apps[a].Requests > 0 ? (double)s.PerApp[a] / c.Apps[a].Requests : double.NaN));
                csv.WriteField(s.Rejected503);
                csv.WriteField(s.QueueFull);
                csv.WriteField(s.TimedOutInQueue);
                csv.WriteField(s.Other5xx);
                csv.WriteField(s.Disconnects);
                csv.NextRecord();
            }
        });

    private static string Text(CalibrationResult c, CalibratedScenario scenario, string scenarioFile)
    {
        var r = c.Reading;
        var md = new StringBuilder();
        md.Append($"# Calibration: {scenario.Scenario.Name}\n\n");
        md.Append($"The scenario `{Path.GetFileName(scenarioFile)}` was calibrated from {r.Files.Count} log file(s) ({string.Join(", ", r.Formats.Order())}): ");
        md.Append($"{r.Lines:N0} lines, {r.Requests:N0} requests over {c.Windows} windows of {c.Window / 60:0.#} min from {Utc(c.Start)}.\n\n");
        md.Append($"- Left out by the exclusion patterns: {c.Excluded:N0} requests; matching no app: {c.Unmatched:N0}; outside the span (stamped more than {Logs.LogReading.BulkDays} days from the bulk of the logs, or in a last sliver of under a minute): {c.OutsideSpan:N0}.\n");
        md.Append($"- HTTPERR lines that are not requests of the farm (idle connections, malformed requests): {r.NotRequests:N0}.\n");
        md.Append($"- Requests without a time taken: {r.WithoutDuration:N0}.\n");
        md.Append($"- Lines skipped: {r.Skipped:N0}{(r.Skipped > 0 ? $" (every reason in `{SkippedCsv}`; the first {r.Problems.Count} below)" : "")}.\n");
        foreach (var p in r.Problems) md.Append($"  - `{p}`\n");
        foreach (var n in r.Notices) md.Append($"- Note: `{n}`\n");
        foreach (string w in scenario.Warnings) md.Append($"- Note: {w}\n");
        md.Append($"\n![arrival rate per window]({CalibrationCharts.Profile})\n");
        md.Append("\n## Apps\n\n| app | path | requests | refused | peak rate | mean rate | arrivals | service time |\n|---|---|---|---|---|---|---|---|\n");
        foreach (var a in c.Apps)
        {
            string service = a.Used is { } u ? $"{u.ChosenName}, mean {u.Chosen.Mean * 1e3:0.#} ms" : "not in the logs";
            md.Append($"| {a.Name} | `{a.Path}` | {a.Requests:N0} | {a.Refused:N0} | {a.PeakRate:0.##}/s | {a.WindowRates.Average():0.##}/s | index of dispersion {a.Dispersion.Index:0.00} | {service} |\n");
        }
        foreach (var a in c.Apps)
        {
            md.Append($"\n### {a.Name}\n\n{a.Dispersion.Verdict}\n\n{a.ServiceWhy}\n\n");
            if (a.Used is not { } used) continue;
            md.Append($"{used.Why}\n\n| family | parameters (± standard error) | AIC | KS distance |\n|---|---|---|---|\n");
            foreach (var f in used.Fits)
                md.Append($"| {f.Name}{(used.ChosenName == f.Name ? " (chosen)" : "")} | {string.Join(", ", f.Estimates.Select(e => $"{e.Name} {e.Value:G4} ± {e.StandardError:G2}"))} | {f.Aic:0.#} | {f.KsDistance:0.####} |\n");
            md.Append("\nObserved quantiles: " + string.Join(", ", used.Empirical.Quantiles!.Where(q => q.P is 0.5 or 0.9 or 0.95 or 0.99).Select(q => $"p{q.P * 100:0} {q.Value * 1e3:0.#} ms")) + ".\n");
        }
        if (c.Apps.Any(a => a.Used is not null))
            md.Append($"\n![service-time fits]({CalibrationCharts.ServiceFit})\n\n![Q-Q plots]({CalibrationCharts.QuantileQuantile})\n");
        md.Append("\n## Servers\n\nHow the balancer spread each app's requests, and what went wrong on each server.\n\n");
        md.Append($"| server | {string.Join(" | ", c.Apps.Select(a => $"{a.Name} share"))} | 503 | queue full (HTTPERR) | timed out in queue | other 5xx | client disconnects |\n");
        md.Append($"|---|{string.Concat(c.Apps.Select(_ => "---|"))}---|---|---|---|---|\n");
        foreach (var s in c.Servers)
            md.Append($"| {s.Name} | {string.Join(" | ", c.Apps.Select((a, i) => a.Requests > 0 ? $"{(double)s.PerApp[i] / a.Requests:0.0%}" : "–"))} | {s.Rejected503:N0} | {s.QueueFull:N0} | {s.TimedOutInQueue:N0} | {s.Other5xx:N0} | {s.Disconnects:N0} |\n");
        md.Append($"\n![each server's share]({CalibrationCharts.Servers})\n");
        md.Append($"\nThe figures are in `{ProfileCsv}` (the rate per window), `{FitsCsv}` (every fit), `{ServersCsv}` and `{SkippedCsv}`.\n");
        return md.ToString();
    }

    private static string Utc(double seconds) => DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(seconds * 1000)).UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + " UTC";
}
