using FarmSim.Engine;
using FarmSim.Farm.Metrics;

namespace FarmSim.Farm.Runtime;

/// <summary>
/// The shared database in a running replication. A query first takes a connection from the pool
/// (waiting in FIFO order when none is free), then a database worker (again FIFO), and keeps its
/// connection until it is done; the request that made it keeps its front-end worker all along.
/// Reported like a server: queries in, latency (waits included), utilisation of its workers and
/// the mean number of queries waiting (for a connection or a worker).
/// </summary>
internal sealed class Database(FarmReplication farm, string name, int connections, int workers) : IEventHandler
{
    private readonly Simulation _simulation = farm.Simulation;
    private readonly RequestQueue _waitingForConnection = new();
    private readonly RequestQueue _waitingForWorker = new();
    private int _freeConnections = connections;
    private int _busy;
    private double _lastChange, _busyArea, _queueArea, _busyAtStart, _queueAtStart;
    private double _waitSum;
    private long _started;

    public string Name { get; } = name;
    public Tally Tally { get; } = new();

    /// <summary>The request starts its next query.</summary>
    public void Query(int id)
    {
        Advance();
        farm.Requests[id].Demand = _simulation.Now; // the query's start, for its latency
        if (farm.Measuring) Tally.Arrivals++;
        if (_freeConnections > 0)
        {
            _freeConnections--;
            ToWorker(id);
        }
        else _waitingForConnection.Enqueue(id);
    }

    private void ToWorker(int id)
    {
        if (_busy < workers)
        {
            _busy++;
            Start(id);
        }
        else _waitingForWorker.Enqueue(id);
    }

    private void Start(int id)
    {
        if (farm.Measuring)
        {
            _waitSum += _simulation.Now - farm.Requests[id].Demand;
            _started++;
        }
        _simulation.Schedule(farm.QueryTime(id), this, 0, id);
    }

    /// <summary>A query is done: its worker and connection go to the next in line; the request moves on.</summary>
    public void Handle(int kind, int id)
    {
        Advance();
        ref Request request = ref farm.Requests[id];
        if (farm.Measuring) Tally.RecordCompletion(_simulation.Now - request.Demand, 0);
        if (_waitingForWorker.Count > 0) Start(_waitingForWorker.Dequeue());
        else _busy--;
        if (_waitingForConnection.Count > 0) ToWorker(_waitingForConnection.Dequeue());
        else _freeConnections++;
        if (--request.QueriesLeft > 0) farm.NextQuery(id);
        else farm.QueriesDone(id);
    }

    public void BeginMeasurement()
    {
        Advance();
        _busyAtStart = _busyArea;
        _queueAtStart = _queueArea;
    }

    public void Report(double[] values, double seconds)
    {
        Advance();
        Tally.Report(values, seconds);
        values[(int)Metric.WaitMeanMs] = _started > 0 ? _waitSum / _started * 1e3 : double.NaN;
        values[(int)Metric.Utilization] = (_busyArea - _busyAtStart) / (workers * seconds);
        values[(int)Metric.QueueLengthMean] = (_queueArea - _queueAtStart) / seconds;
    }

    private void Advance()
    {
        double now = _simulation.Now, elapsed = now - _lastChange;
        _busyArea += _busy * elapsed;
        _queueArea += (_waitingForConnection.Count + _waitingForWorker.Count) * elapsed;
        _lastChange = now;
    }
}
