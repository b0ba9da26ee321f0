using FarmSim.Engine;
using FarmSim.Farm.Metrics;
using HdrHistogram;

namespace FarmSim.Farm.Runtime;

/// <summary>What an app whose load changes shows over time: its users' offered rate, and its active users or sessions if it has them.</summary>
internal sealed record AppOverTime(VisitorTally? Visitors);

/// <summary>
/// Closes a time-series window at each boundary: throughput and p95 latency per app and for the
/// farm, throughput, utilisation and mean queue length per server; for an app whose load changes,
/// the rate its users sent requests at and its mean active users or sessions; where servers can
/// fail, the rate of each app's users' requests that failed (refused, or lost in a crash).
/// </summary>
internal sealed class TimeSeriesRecorder : IEventHandler
{
    private readonly Simulation _simulation;
    private readonly App[] _apps;
    private readonly FrontEnd[] _servers;
    private readonly double _window;
    private readonly double _end;
    private readonly int _windows;
    private readonly IntHistogram _farmLatency = new(1, 1L << 47, 2);
    private readonly double[][] _appThroughput, _appP95, _serverThroughput, _serverP95, _serverUtilization, _serverQueue;
    private readonly double[] _farmThroughput, _farmP95;
    private readonly long[] _serverCompletedBefore;
    private readonly double[] _busyBefore, _queueBefore;
    private readonly AppOverTime?[] _overTime;
    private readonly double[]?[] _offered, _active;
    private readonly long[] _sentBefore;
    private readonly double[] _activeBefore;
    private readonly double[][]? _errors; // per app, its users' failed requests per second, where servers can fail
    private readonly long[] _errorsBefore;
    private int _current;

    public TimeSeriesRecorder(Simulation simulation, App[] apps, FrontEnd[] servers, double window, double end, AppOverTime?[] overTime, bool errors = false)
    {
        _overTime = overTime;
        _simulation = simulation;
        _apps = apps;
        _servers = servers;
        _window = window;
        _end = end;
        _windows = (int)Math.Ceiling(end / window - 1e-9);
        double[][] Grid(int rows) => Enumerable.Range(0, rows).Select(_ => new double[_windows]).ToArray();
        _appThroughput = Grid(apps.Length);
        _appP95 = Grid(apps.Length);
        _serverThroughput = Grid(servers.Length);
        _serverP95 = Grid(servers.Length);
        _serverUtilization = Grid(servers.Length);
        _serverQueue = Grid(servers.Length);
        _farmThroughput = new double[_windows];
        _farmP95 = new double[_windows];
        _serverCompletedBefore = new long[servers.Length];
        _busyBefore = new double[servers.Length];
        _queueBefore = new double[servers.Length];
        _offered = overTime.Select(o => o is null ? null : new double[_windows]).ToArray();
        _active = overTime.Select(o => o?.Visitors is null ? null : new double[_windows]).ToArray();
        _sentBefore = new long[apps.Length];
        _activeBefore = new double[apps.Length];
        _errors = errors ? Grid(apps.Length) : null;
        _errorsBefore = new long[apps.Length];
    }

    /// <summary>
    /// Where the scenario's events come at fixed times (<paramref name="allAhead"/>), every window's
    /// end is on the calendar from the start, ahead of anything else scheduled for the same instant:
    /// a crash or a publish at a window's boundary then falls in the window it begins. Elsewhere one
    /// end at a time is: far-future events slow the calendar down.
    /// </summary>
    public void Start(bool allAhead)
    {
        if (allAhead)
            for (int w = 1; w <= _windows; w++) _simulation.ScheduleAt(Math.Min(w * _window, _end), this, 0);
        else _simulation.ScheduleAt(Math.Min(_window, _end), this, 0);
        _allAhead = allAhead;
    }

    private bool _allAhead;

    /// <summary>The end of window <c>_current</c>.</summary>
    public void Handle(int kind, int arg)
    {
        int w = _current++;
        double length = _simulation.Now - w * _window;
        long farmCompleted = 0;
        for (int a = 0; a < _apps.Length; a++)
        {
            var tally = _apps[a].Window;
            farmCompleted += tally.Completed;
            _appThroughput[a][w] = tally.Completed / length;
            _appP95[a][w] = P95(tally.Latency, tally.Completed);
            _farmLatency.Add(tally.Latency);
            tally.Reset();
            if (_offered[a] is { } offered)
            {
                offered[w] = (_apps[a].SentSinceStart - _sentBefore[a]) / length;
                _sentBefore[a] = _apps[a].SentSinceStart;
            }
            if (_errors is { } errors)
            {
                errors[a][w] = (_apps[a].ErrorsSinceStart - _errorsBefore[a]) / length;
                _errorsBefore[a] = _apps[a].ErrorsSinceStart;
            }
            if (_active[a] is { } active)
            {
                double area = _overTime[a]!.Visitors!.AreaSinceStart(_simulation.Now);
                active[w] = (area - _activeBefore[a]) / length;
                _activeBefore[a] = area;
            }
        }
        _farmThroughput[w] = farmCompleted / length;
        _farmP95[w] = P95(_farmLatency, farmCompleted);
        _farmLatency.Reset();

        for (int s = 0; s < _servers.Length; s++)
        {
            var server = _servers[s];
            var (busy, queue) = server.AreasSinceStart();
            _serverThroughput[s][w] = (server.CompletedSinceStart - _serverCompletedBefore[s]) / length;
            _serverP95[s][w] = P95(server.Window.Latency, server.Window.Completed);
            server.Window.Reset();
            _serverUtilization[s][w] = (busy - _busyBefore[s]) / (server.Workers * length);
            _serverQueue[s][w] = (queue - _queueBefore[s]) / length;
            _serverCompletedBefore[s] = server.CompletedSinceStart;
            _busyBefore[s] = busy;
            _queueBefore[s] = queue;
        }

        if (!_allAhead && _current < _windows) _simulation.ScheduleAt(Math.Min((_current + 1) * _window, _end), this, 0);
    }

    private static double P95(HistogramBase histogram, long count) =>
        count > 0 ? histogram.GetValueAtPercentile(95) / 1e6 : double.NaN;

    public TimeSeries Result()
    {
        var series = new List<Series>
        {
            new(Scope.Farm, "farm", "throughput_rps", _farmThroughput),
            new(Scope.Farm, "farm", "latency_p95_ms", _farmP95),
        };
        for (int a = 0; a < _apps.Length; a++)
        {
            series.Add(new(Scope.App, _apps[a].Name, "throughput_rps", _appThroughput[a]));
            series.Add(new(Scope.App, _apps[a].Name, "latency_p95_ms", _appP95[a]));
            if (_offered[a] is { } offered) series.Add(new(Scope.App, _apps[a].Name, "offered_rps", offered));
            if (_errors is { } errors) series.Add(new(Scope.App, _apps[a].Name, "errors_rps", errors[a]));
            if (_active[a] is { } active)
                series.Add(new(Scope.App, _apps[a].Name, _overTime[a]!.Visitors!.Sessions ? "active_sessions" : "active_users", active));
        }
        for (int s = 0; s < _servers.Length; s++)
        {
            series.Add(new(Scope.Server, _servers[s].Name, "throughput_rps", _serverThroughput[s]));
            series.Add(new(Scope.Server, _servers[s].Name, "latency_p95_ms", _serverP95[s]));
            series.Add(new(Scope.Server, _servers[s].Name, "utilization", _serverUtilization[s]));
            series.Add(new(Scope.Server, _servers[s].Name, "queue_length_mean", _serverQueue[s]));
        }
        return new TimeSeries(_window, _windows, series);
    }
}
