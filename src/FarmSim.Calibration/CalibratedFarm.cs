using FarmSim.Engine.Distributions;
using FarmSim.Farm.Balancing;
using FarmSim.Farm.Topology;

namespace FarmSim.Calibration;

/// <summary>A calibrated scenario and what to say beside each of its numbers.</summary>
public sealed record CalibratedScenario(Scenario Scenario, IReadOnlyDictionary<string, IReadOnlyList<string>> Notes, IReadOnlyList<string> Warnings);

/// <summary>
/// Turns a calibration into a scenario: each app's arrival profile (steps, one per window, as
/// rates over the logged span) and its service time, into the given scenario's farm, or into a farm
/// of the logged servers (one Global zone, round robin) when none is given. Numbers are kept to four
/// significant digits: the logs do not know them better. <see cref="CalibratedScenario.Notes"/> says,
/// by the path of each calibrated field, where its numbers came from.
/// </summary>
public static class CalibratedFarm
{
    public static CalibratedScenario Build(CalibrationResult calibration, Scenario? given, string name)
    {
        var notes = new Dictionary<string, IReadOnlyList<string>>();
        var warnings = new List<string>();
        var reading = calibration.Reading;
        string span = $"{DateTimeOffset.FromUnixTimeMilliseconds((long)(calibration.Start * 1000)):yyyy-MM-dd HH:mm} UTC";
        var farm = given?.Farm ?? LoggedFarm(calibration, notes);
        var apps = farm.Apps.ToList();
        foreach (var app in calibration.Apps)
        {
            int index = apps.FindIndex(a => a.Name == app.Name);
            var current = index >= 0 ? apps[index] : new AppSpec(app.Name, app.Path, ZoneSpec.Global, 0, DistributionSpec.Exponential(0.1));
            if (index < 0)
            {
                apps.Add(current);
                index = apps.Count - 1;
            }
            string at = $"apps[{index}]";
            double peak = Round(app.PeakRate);
            if (peak > 0)
            {
                var points = app.WindowRates.Select((r, w) => new ProfilePoint(w * calibration.Window, Round(Round(r) / peak))).ToList();
                current = current with { ArrivalRate = peak, Profile = new LoadProfile(ProfileShape.Steps, points), Users = null, Sessions = null, RandomBursts = null, Replay = null };
                notes[$"{at}.arrival"] =
                [
                    $"{app.Requests:N0} requests logged under {app.Path} over {Hours(calibration.Span)} from {span} ({app.Refused:N0} of them refused by HTTP.sys or with 503)",
                    $"rate: the busiest {Minutes(calibration.Window)} window's; profile: each window's count / {calibration.Window:0} s" +
                        (calibration.LastWindow < calibration.Window ? $" (the last one's over the {calibration.LastWindow:0} s the logs cover)" : "") + $" (time 0 is {span})",
                    app.Dispersion.Verdict,
                ];
            }
            if (app.Used is { } fit)
            {
                if (current.Classes is not null)
                    warnings.Add($"{app.Name} has request classes in the scenario: its logged times are not split among them, so its classes are kept and only its arrivals calibrated.");
                else
                {
                    current = current with { Service = RoundSpec(fit.Chosen) };
                    notes[$"{at}.service"] =
                    [
                        $"{fit.Count:N0} logged times ({fit.Zeros:N0} logged as 0 ms); {fit.Why}",
                        .. fit.Fits.Select(f => $"{f.Name}: AIC {f.Aic:0.#}, KS {f.KsDistance:0.###}, {string.Join(", ", f.Estimates.Select(e => $"{e.Name} {e.Value:G4} ± {e.StandardError:G2}"))}"),
                        app.ServiceWhy,
                    ];
                }
            }
            else if (!calibration.HasDurations || app.AllFit is null)
                warnings.Add($"{app.Name}: the logs give no time taken for it, so its service time is the scenario's {(given is null ? "placeholder (exponential, mean 100 ms): set it" : "as it was")}.");
            apps[index] = current;
        }
        farm = farm with { Apps = apps };
        var simulation = new SimulationSettings(calibration.Span, 0, given?.Simulation.Replications ?? 5, given?.Simulation.Seed ?? 1, calibration.Window);
        notes["simulation"] = [$"the logged span: {calibration.Windows} windows of {Minutes(calibration.Window)} from {span}, no warm-up (the logs start where they start)"];
        string description = $"Calibrated from {reading.Files.Count} log file(s) ({string.Join(", ", reading.Formats.Order())}), {reading.Requests:N0} requests, {reading.Skipped:N0} lines skipped, over {Hours(calibration.Span)} from {span}.";
        return new CalibratedScenario(new Scenario(name, description, farm, simulation), notes, warnings);
    }

    /// <summary>A farm of the servers the logs name: their workers are not in the logs, so they are set with room to spare and said to be assumed.</summary>
    private static FarmSpec LoggedFarm(CalibrationResult calibration, Dictionary<string, IReadOnlyList<string>> notes)
    {
        // Workers are not in the logs: four times the most requests seen in progress at once, and
        // at least 8, so that the model does not queue where the farm did not; said as assumed.
        var servers = calibration.Servers.Select(s => new FrontEndSpec(ServerName(s.Name), Workers(s.PeakInProgress))).ToList();
        notes["servers"] = [
            "the servers the logs name (s-computername, the log folder, or s-ip); workers and queue_limit are not in the logs.",
            $"workers: an assumption, 4 × the most requests in progress at once (a 10-s mean: {string.Join(", ", calibration.Servers.Select(s => $"{s.Name} {s.PeakInProgress:0.##}"))}), at least 8; set it from the app pool's settings",
            "queue_limit: HTTP.sys' default queue length",
        ];
        notes["zones"] = ["one zone over every logged server, round robin; the observed shares per server are in the calibration report"];
        return new FarmSpec(new ProxySpec(ProxySpec.DefaultAddress), servers, [new ZoneSpec(ZoneSpec.Global, null, [], BalancerCatalog.RoundRobin, AllServers: true)], []);
    }

    private static int Workers(double peakInProgress) => Math.Max(8, (int)Math.Ceiling(4 * peakInProgress));

    private static string ServerName(string logged)
    {
        var name = new string(logged.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '-').ToArray());
        return name.Length > 0 && char.IsAsciiLetter(name[0]) ? name : "fe-" + name;
    }

    private static DistributionSpec RoundSpec(DistributionSpec d) => d.Kind switch
    {
        DistributionKind.Exponential => DistributionSpec.Exponential(Round(d.Mean)),
        DistributionKind.LogNormal => DistributionSpec.LogNormal(Round(d.Mean), Round(d.Cv)),
        DistributionKind.Gamma => DistributionSpec.Gamma(Round(d.Mean), Round(d.Cv)),
        DistributionKind.Weibull => DistributionSpec.Weibull(Round(d.Mean), Round(d.Shape)),
        DistributionKind.Empirical => DistributionSpec.Empirical(d.Quantiles!.Select(q => q with { Value = Round(q.Value) }).ToList()),
        _ => d,
    };

    /// <summary>Four significant digits.</summary>
    public static double Round(double value) => value == 0 || !double.IsFinite(value) ? value : Math.Round(value, Math.Max(0, 3 - (int)Math.Floor(Math.Log10(Math.Abs(value)))));

    private static string Hours(double seconds) => seconds >= 7200 ? $"{seconds / 3600:0.#} h" : $"{seconds / 60:0} min";
    private static string Minutes(double seconds) => seconds >= 3600 ? $"{seconds / 3600:0.#} h" : $"{seconds / 60:0.#} min";
}
