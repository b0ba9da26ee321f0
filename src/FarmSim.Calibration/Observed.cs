using FarmSim.Logs;

namespace FarmSim.Calibration;

/// <summary>One app as its logs observed it: answered requests per window, and its times taken overall and per window.</summary>
public sealed record ObservedApp(string Name, long Requests, long Answered, IReadOnlyList<double> ThroughputRps, ServiceTimeHistogram Times, IReadOnlyList<ServiceTimeHistogram> WindowTimes);

/// <summary>What a farm's logs observed, window by window from their first minute: what a model of the farm is checked against.</summary>
public sealed record Observed(double Origin, double Window, int Windows, IReadOnlyList<ObservedApp> Apps, LogReading Reading)
{
    /// <summary>
    /// Reads the logs once more, cut into the given apps by path. Answered requests count in the
    /// window they ended in (as a simulation counts its throughput); times are those of answered
    /// requests that did not fail (5xx) and whose client stayed (the times a model's latency stands for).
    /// </summary>
    /// <param name="excludes">Path patterns to leave out, as the calibration left them out.</param>
    public static Observed Read(IReadOnlyList<string> logs, IReadOnlyList<AppRoute> apps, IReadOnlyList<string> excludes, double window, int windows, LogOptions? options = null)
    {
        // A first, quick reading finds the logs' first minute, where windows start (as a replay's and a calibration's do).
        double origin = LogReader.Read(logs, new Nothing(), options).Origin;
        var sink = new Sink(new AppRoutes(apps, excludes), apps.Count, windows, window, origin);
        var reading = LogReader.Read(logs, sink, options);
        return new Observed(origin, window, windows,
            apps.Select((a, i) => new ObservedApp(a.Name, sink.Requests[i], sink.Answered[i], sink.Completions[i].Select(c => c / window).ToArray(), sink.Times[i], sink.WindowTimes[i])).ToList(),
            reading);
    }

    private sealed class Nothing : ILogSink
    {
        public void Take(in LogRecord request)
        {
        }
    }

    private sealed class Sink(AppRoutes routes, int apps, int windows, double window, double origin) : ILogSink
    {
        public readonly long[] Requests = new long[apps], Answered = new long[apps];
        public readonly long[][] Completions = Enumerable.Range(0, apps).Select(_ => new long[windows]).ToArray();
        public readonly ServiceTimeHistogram[] Times = Enumerable.Range(0, apps).Select(_ => new ServiceTimeHistogram()).ToArray();
        public readonly ServiceTimeHistogram[][] WindowTimes = Enumerable.Range(0, apps).Select(_ => Enumerable.Range(0, windows).Select(_ => new ServiceTimeHistogram()).ToArray()).ToArray();

        public void Take(in LogRecord request)
        {
            int app = routes.AppOf(request.Path);
            if (app < 0) return;
            Requests[app]++;
            if (request.Fate != RequestFate.Answered || request.Status == 503) return;
            Answered[app]++;
            double arrival = request.Arrival + request.Resolution / 2, duration = double.IsNaN(request.Duration) ? 0 : request.Duration;
            int w = (int)Math.Floor((arrival + duration - origin) / window);
            if (w >= 0 && w < windows) Completions[app][w]++;
            if (double.IsNaN(request.Duration) || request.Status >= 500 || request.Win32Status is 64 or 1236) return;
            Times[app].Add(request.Duration);
            int start = (int)Math.Floor((arrival - origin) / window);
            if (start >= 0 && start < windows) WindowTimes[app][start].Add(request.Duration);
        }
    }
}
