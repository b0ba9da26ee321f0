using FarmSim.Logs;

namespace FarmSim.Calibration;

/// <summary>
/// The second reading: each app's arrivals per bin and its times (all, in the quietest windows,
/// and the busiest's mean), and each server's share of each app and its refusals and errors.
/// Times of refused, failed (5xx) and disconnected requests are not service times and are left out.
/// </summary>
internal sealed class Tally : ILogSink
{
    private readonly AppRoutes _routes;
    private readonly int _apps;
    private readonly long _firstBin;
    private readonly int _binsPerWindow;
    private readonly HashSet<long> _quiet, _busy;
    private readonly List<long[]> _perServer = [];
    private readonly List<long[]> _serverEvents = []; // 503, queue full, timed out in queue, other 5xx, disconnects
    private readonly List<Dictionary<long, double>> _inProgress = []; // per server, the times taken of the requests that arrived in each bin
    private readonly double[] _quietSum, _busySum;
    private readonly long[] _quietCount, _busyCount;

    private readonly double _from, _to;

    /// <param name="from">The span's start: arrivals before it, or from <paramref name="to"/> on, are outside it and not counted.</param>
    public Tally(AppRoutes routes, int apps, long firstBin, int binsPerWindow, HashSet<long> quiet, HashSet<long> busy, double from, double to)
    {
        _from = from;
        _to = to;
        _routes = routes;
        _apps = apps;
        _firstBin = firstBin;
        _binsPerWindow = binsPerWindow;
        _quiet = quiet;
        _busy = busy;
        Arrivals = Enumerable.Range(0, apps).Select(_ => new ArrivalCounts()).ToArray();
        AllTimes = Enumerable.Range(0, apps).Select(_ => new ServiceTimeHistogram()).ToArray();
        QuietTimes = Enumerable.Range(0, apps).Select(_ => new ServiceTimeHistogram()).ToArray();
        Refused = new long[apps];
        _quietSum = new double[apps];
        _busySum = new double[apps];
        _quietCount = new long[apps];
        _busyCount = new long[apps];
    }

    public ArrivalCounts[] Arrivals { get; }
    public ServiceTimeHistogram[] AllTimes { get; }
    public ServiceTimeHistogram[] QuietTimes { get; }
    public long[] Refused { get; }
    public long Excluded { get; private set; }
    public long Unmatched { get; private set; }
    public long OutsideSpan { get; private set; }

    public void Take(in LogRecord request)
    {
        int app = _routes.AppOf(request.Path);
        if (app == AppRoutes.Excluded)
        {
            Excluded++;
            return;
        }
        if (app == AppRoutes.Unmatched)
        {
            Unmatched++;
            return;
        }
        double arrival = request.Arrival + request.Resolution / 2;
        if (arrival < _from || arrival >= _to)
        {
            OutsideSpan++;
            return;
        }
        Arrivals[app].Add(arrival);
        var (perApp, events) = ServerRows(request.Server);
        perApp[app]++;
        if (!double.IsNaN(request.Duration))
        {
            var busy = _inProgress[request.Server];
            long arrivalBin = (long)Math.Floor(arrival / ArrivalCounts.Bin);
            busy[arrivalBin] = busy.GetValueOrDefault(arrivalBin) + request.Duration;
        }
        bool refused = request.Fate != RequestFate.Answered || request.Status == 503;
        if (request.Fate == RequestFate.QueueFull) events[1]++;
        else if (request.Fate == RequestFate.TimedOutInQueue) events[2]++;
        if (refused && request.Fate != RequestFate.TimedOutInQueue) events[0]++;
        else if (request.Status >= 500) events[3]++;
        bool disconnected = request.Win32Status is 64 or 1236;
        if (disconnected) events[4]++;
        if (refused)
        {
            Refused[app]++;
            return;
        }
        if (double.IsNaN(request.Duration) || request.Status >= 500 || disconnected) return;
        AllTimes[app].Add(request.Duration);
        long bin = (long)Math.Floor(arrival / ArrivalCounts.Bin);
        long windowStart = _firstBin + (bin - _firstBin) / _binsPerWindow * _binsPerWindow;
        if (_quiet.Contains(windowStart))
        {
            QuietTimes[app].Add(request.Duration);
            _quietSum[app] += request.Duration;
            _quietCount[app]++;
        }
        else if (_busy.Contains(windowStart))
        {
            _busySum[app] += request.Duration;
            _busyCount[app]++;
        }
    }

    public double QuietMeanMs(int app) => _quietCount[app] > 0 ? 1e3 * _quietSum[app] / _quietCount[app] : double.NaN;
    public double BusyMeanMs(int app) => _busyCount[app] > 0 ? 1e3 * _busySum[app] / _busyCount[app] : double.NaN;

    private (long[], long[]) ServerRows(int server)
    {
        while (_perServer.Count <= server)
        {
            _perServer.Add(new long[_apps]);
            _serverEvents.Add(new long[5]);
            _inProgress.Add([]);
        }
        return (_perServer[server], _serverEvents[server]);
    }

    public ServerCalibration Server(int server, string name)
    {
        var (perApp, e) = server < _perServer.Count ? (_perServer[server], _serverEvents[server]) : (new long[_apps], new long[5]);
        double peak = server < _inProgress.Count && _inProgress[server].Count > 0 ? _inProgress[server].Values.Max() / ArrivalCounts.Bin : 0;
        return new ServerCalibration(name, perApp, e[0], e[1], e[2], e[3], e[4], peak);
    }
}
