namespace FarmSim.Logs;

/// <summary>
/// The logged requests of one app, in arrival order: what a replay sends again. Arrivals are
/// seconds after <see cref="Origin"/> (the minute of the first logged request of any app,
/// so that apps replayed from the same logs keep their timing together); a demand is the request's
/// logged time taken in seconds, NaN when the log gave none (HTTPERR refusals, no time-taken field).
/// </summary>
public sealed record LogTrace(double Origin, double[] Arrivals, float[] Demands, double Resolution, LogReading Reading)
{
    /// <summary>A replay holds its requests in memory (12 bytes each): more than this is refused, not run out of memory on.</summary>
    public const int MostRequests = 50_000_000;

    /// <summary>The app had more than <see cref="MostRequests"/> requests: the trace holds only the first ones read.</summary>
    public bool TooLarge { get; init; }

    /// <summary>Reads the requests <paramref name="routes"/> give to app <paramref name="app"/>.</summary>
    public static LogTrace Read(IReadOnlyList<string> logs, AppRoutes routes, int app, LogOptions? options = null)
    {
        var sink = new Collect(routes, app);
        var reading = LogReader.Read(logs, sink, options);
        // Only the bulk of the logs is replayed: a line stamped years off is a broken clock.
        var (from, to) = reading.Bulk;
        var arrivals = new List<double>(sink.Arrivals.Count);
        var demands = new List<float>(sink.Demands.Count);
        for (int i = 0; i < sink.Arrivals.Count; i++)
            if (sink.Arrivals[i] + sink.Resolution / 2 >= from - 1 && sink.Arrivals[i] <= to)
            {
                arrivals.Add(sink.Arrivals[i]);
                demands.Add(sink.Demands[i]);
            }
        var (times, logged) = (arrivals.ToArray(), demands.ToArray());
        Array.Sort(times, logged); // lines come in completion order
        double origin = reading.Origin;
        for (int i = 0; i < times.Length; i++) times[i] = Math.Max(0, times[i] - origin);
        return new LogTrace(origin, times, logged, sink.Resolution, reading) { TooLarge = sink.TooLarge };
    }

    private sealed class Collect(AppRoutes routes, int app) : ILogSink
    {
        public readonly List<double> Arrivals = [];
        public readonly List<float> Demands = [];
        public double Resolution;
        public bool TooLarge;

        public void Take(in LogRecord request)
        {
            if (routes.AppOf(request.Path) != app) return;
            if (Arrivals.Count == MostRequests)
            {
                TooLarge = true;
                return;
            }
            Arrivals.Add(request.Arrival);
            Demands.Add(request.Fate == RequestFate.Answered && request.Status != 503 ? (float)request.Duration : float.NaN);
            Resolution = Math.Max(Resolution, request.Resolution);
        }
    }
}
