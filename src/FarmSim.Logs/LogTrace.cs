namespace FarmSim.Logs;

/// <summary>
/// The logged requests of one app, in arrival order: what a replay sends again. Arrivals are
/// seconds after <see cref="Origin"/> (the minute of the first logged request of any app,
/// so that apps replayed from the same logs keep their timing together); a demand is the request's
/// logged time taken in seconds, NaN when the log gave none (HTTPERR refusals, no time-taken field).
/// </summary>
public sealed record LogTrace(double Origin, double[] Arrivals, float[] Demands, double Resolution, LogReading Reading)
{
    /// <summary>Reads the requests <paramref name="routes"/> give to app <paramref name="app"/>.</summary>
    public static LogTrace Read(IReadOnlyList<string> logs, AppRoutes routes, int app, LogOptions? options = null)
    {
        var sink = new Collect(routes, app);
        var reading = LogReader.Read(logs, sink, options);
        var arrivals = sink.Arrivals.ToArray();
        var demands = sink.Demands.ToArray();
        Array.Sort(arrivals, demands); // lines come in completion order
        double origin = reading.Origin;
        for (int i = 0; i < arrivals.Length; i++) arrivals[i] -= origin;
        return new LogTrace(origin, arrivals, demands, sink.Resolution, reading);
    }

    private sealed class Collect(AppRoutes routes, int app) : ILogSink
    {
        public readonly List<double> Arrivals = [];
        public readonly List<float> Demands = [];
        public double Resolution;

        public void Take(in LogRecord request)
        {
            if (routes.AppOf(request.Path) != app) return;
            Arrivals.Add(request.Arrival);
            Demands.Add(request.Fate == RequestFate.Answered && request.Status != 503 ? (float)request.Duration : float.NaN);
            Resolution = Math.Max(Resolution, request.Resolution);
        }
    }
}
