using FarmSim.Logs;

namespace FarmSim.Calibration;

/// <summary>Where an app's service time is estimated from.</summary>
public enum ServiceSource
{
    /// <summary>The quietest quarter of the windows when they hold enough times, else all of them.</summary>
    Auto,
    /// <summary>The quietest quarter of the windows, where time-taken holds the least queueing.</summary>
    Quiet,
    /// <summary>Every logged time.</summary>
    All,
}

/// <summary>What to calibrate from, and how.</summary>
public sealed record CalibrationOptions(IReadOnlyList<string> Logs)
{
    /// <summary>The scenario's apps and their paths; null to take the busiest first path segments as apps.</summary>
    public IReadOnlyList<AppRoute>? Routes { get; init; }
    /// <summary>Path patterns (* and ?) to leave out: static files, health probes.</summary>
    public IReadOnlyList<string> Excludes { get; init; } = [];
    /// <summary>The profile's window in seconds (a multiple of 10 s); null to choose one.</summary>
    public double? Window { get; init; }
    public ServiceSource ServiceFrom { get; init; } = ServiceSource.Auto;
    public LogOptions Log { get; init; } = new();
}

/// <summary>One app as its logs show it.</summary>
public sealed record AppCalibration(string Name, string Path, long Requests, long Refused, IReadOnlyList<double> WindowRates, Dispersion Dispersion,
    ServiceFit? AllFit, ServiceFit? QuietFit, ServiceFit? Used, string ServiceWhy, double QuietMeanMs, double BusyMeanMs)
{
    /// <summary>The logged times the used fit was made on, for its charts.</summary>
    public ServiceTimeHistogram? UsedTimes { get; init; }

    public double PeakRate => WindowRates.Count == 0 ? 0 : WindowRates.Max();
}

/// <summary>One server as its logs show it: its share of each app's requests and what went wrong there.</summary>
/// <param name="PeakInProgress">The most requests in progress at once on it, as a mean over a 10-s bin (Little's law: their times taken over the bin's length).</param>
public sealed record ServerCalibration(string Name, IReadOnlyList<long> PerApp, long Rejected503, long QueueFull, long TimedOutInQueue, long Other5xx, long Disconnects, double PeakInProgress);

/// <summary>A calibration: the logs read, the span, each app and each server.</summary>
public sealed record CalibrationResult(LogReading Reading, double Start, double Window, int Windows, IReadOnlyList<AppCalibration> Apps,
    IReadOnlyList<ServerCalibration> Servers, long Excluded, long Unmatched, IReadOnlyList<string> Errors)
{
    /// <summary>How much of the last window the logs cover (seconds): its rate is its count over that.</summary>
    public double LastWindow { get; init; }

    /// <summary>Requests that arrived outside the span: stamped far from the bulk of the logs, or in a last sliver of under a minute.</summary>
    public long OutsideSpan { get; init; }

    public double Span => (Windows - 1) * Window + LastWindow;
    public bool HasDurations => Reading.Requests > Reading.WithoutDuration;
}

/// <summary>
/// Reads the logs twice, streaming: once to find the span, the apps (when no scenario names them)
/// and the quietest windows of the farm; once to count each app's arrivals, gather its times and
/// tally each server. Nothing grows with the number of lines but counts.
/// </summary>
public static class Calibrator
{
    /// <summary>Apps found by path take at least this share of the requests; the rest go to one app.</summary>
    public const double AppShare = 0.01;
    public const int MostApps = 12;
    /// <summary>The quiet windows give the service time when they hold at least this many of an app's times.</summary>
    public const int QuietEnough = 200;

    public static CalibrationResult Run(CalibrationOptions options, CancellationToken cancellation = default)
    {
        var errors = new List<string>();
        var survey = new Survey(options.Routes is null ? null : new AppRoutes(options.Routes, options.Excludes), options.Excludes);
        var first = LogReader.Read(options.Logs, survey, options.Log, cancellation);
        foreach (var problem in first.FileErrors) errors.Add(problem.ToString());
        if (errors.Count == 0 && first.Requests == 0)
            errors.Add(first.Lines == 0 ? "the logs hold no lines, expected requests" : $"none of the {first.Lines:N0} lines is a request that could be read ({first.Skipped:N0} skipped; first: {first.Problems.FirstOrDefault()?.ToString() ?? "none"})");
        if (errors.Count == 0 && survey.Counted == 0)
            errors.Add(options.Routes is null
                ? $"every one of the {first.Requests:N0} requests matches an exclusion pattern, expected some to calibrate"
                : $"no request matches an app's path ({string.Join(", ", options.Routes.Select(r => r.Path))}), expected paths under them; the busiest paths in the logs: {string.Join(", ", survey.BusiestUnmatched(5))}");
        if (errors.Count > 0) return new CalibrationResult(first, 0, 0, 0, [], [], 0, 0, errors);

        var routes = options.Routes ?? survey.Discovered();
        int fallback = options.Routes is null && routes[^1].Name == Survey.OtherApp ? routes.Count - 1 : -1;
        var table = new AppRoutes(routes, options.Excludes, fallback);
        // Windows start at the minute of the logs' first request (of their bulk: a line stamped years
        // off is a broken clock), as a replay and a check of the same logs do.
        var (_, to) = first.Bulk;
        double origin = first.Origin;
        double window = options.Window ?? ChooseWindow(to - origin);
        int binsPerWindow = (int)Math.Round(window / ArrivalCounts.Bin);
        long firstBin = (long)Math.Round(origin / ArrivalCounts.Bin);
        int windows = Math.Max(1, (int)Math.Ceiling((to - origin) / window));
        // The last window covers up to the last arrival, to whole bins; one covering less than a
        // minute is the logs' ragged edge (the last arrivals known only to the second), not load.
        double lastWindow = Math.Min(window, Math.Ceiling((to - origin - (windows - 1) * window) / ArrivalCounts.Bin) * ArrivalCounts.Bin);
        if (windows > 1 && lastWindow < 60)
        {
            windows--;
            lastWindow = window;
        }
        lastWindow = Math.Max(lastWindow, ArrivalCounts.Bin);
        // Only windows the logs cover whole judge quiet and Poisson.
        var full = Enumerable.Range(0, windows).Where(w => w < windows - 1 || lastWindow == window).Select(w => firstBin + (long)w * binsPerWindow).ToList();
        var byLoad = full.OrderBy(b => survey.Farm.InBins(b, binsPerWindow)).ToList();
        int quarter = Math.Max(1, byLoad.Count / 4);
        var quiet = byLoad.Take(quarter).ToHashSet();
        var busy = byLoad.Skip(byLoad.Count - quarter).ToHashSet();

        var tally = new Tally(table, routes.Count, firstBin, binsPerWindow, quiet, busy, origin, origin + (windows - 1) * window + lastWindow);
        var reading = LogReader.Read(options.Logs, tally, options.Log, cancellation);
        var apps = new List<AppCalibration>();
        for (int a = 0; a < routes.Count; a++)
        {
            var rates = Enumerable.Range(0, windows).Select(w => tally.Arrivals[a].InBins(firstBin + (long)w * binsPerWindow, binsPerWindow) / (w == windows - 1 ? lastWindow : window)).ToList();
            var dispersion = Dispersion.Of(routes[a].Name, tally.Arrivals[a], full, binsPerWindow);
            var all = DistributionFit.Fit(tally.AllTimes[a]);
            var calm = DistributionFit.Fit(tally.QuietTimes[a]);
            var (used, why) = Choose(routes[a].Name, options.ServiceFrom, all, calm, tally.QuietTimes[a].Count, tally.QuietMeanMs(a), tally.BusyMeanMs(a));
            apps.Add(new AppCalibration(routes[a].Name, routes[a].Path, tally.Arrivals[a].Count, tally.Refused[a], rates, dispersion, all, calm, used, why, tally.QuietMeanMs(a), tally.BusyMeanMs(a))
            {
                UsedTimes = used is null ? null : ReferenceEquals(used, calm) ? tally.QuietTimes[a] : tally.AllTimes[a],
            });
        }
        var servers = reading.Servers.Select((name, s) => tally.Server(s, name)).ToList();
        return new CalibrationResult(reading, origin, window, windows, apps, servers, tally.Excluded, tally.Unmatched, errors) { LastWindow = lastWindow, OutsideSpan = tally.OutsideSpan };
    }

    /// <summary>1 min, 5 min, 15 min or 1 h: the shortest that gives at most 400 windows.</summary>
    public static double ChooseWindow(double span)
    {
        foreach (double w in new double[] { 60, 300, 900, 3600 })
            if (span / w <= 400) return w;
        return 3600 * Math.Ceiling(span / 3600 / 400);
    }

    private static (ServiceFit?, string) Choose(string app, ServiceSource from, ServiceFit? all, ServiceFit? quiet, long quietCount, double quietMs, double busyMs)
    {
        string load = double.IsFinite(quietMs) && double.IsFinite(busyMs) && quietMs > 0
            ? $" Its mean time taken is {quietMs:0.#} ms in the quietest quarter of the windows and {busyMs:0.#} ms in the busiest ({(busyMs / quietMs - 1):+0%;-0%;0%})."
            : "";
        const string Why = "IIS's time-taken runs from the first byte in to the last byte sent, so it holds the wait in HTTP.sys' queue and the sending of the response: under load it overstates the service time.";
        if (all is null) return (null, $"{app}: the logs give no time taken, so only its arrivals are calibrated.");
        switch (from)
        {
            case ServiceSource.All:
                return (all, $"{app}: every logged time is used, as asked (--service-from all). {Why}{load}");
            case ServiceSource.Quiet when quiet is not null:
                return (quiet, $"{app}: the quietest quarter of the windows gives the service time, as asked ({quietCount:N0} times). {Why}{load}");
            case ServiceSource.Auto when quiet is not null && quietCount >= QuietEnough:
                return (quiet, $"{app}: the quietest quarter of the windows gives the service time ({quietCount:N0} times), where time-taken holds the least queueing. {Why}{load}");
            default:
                return (all, $"{app}: every logged time is used: the quietest quarter of the windows holds only {quietCount:N0} of its times (at least {QuietEnough} to use them alone). {Why}{load}");
        }
    }
}
