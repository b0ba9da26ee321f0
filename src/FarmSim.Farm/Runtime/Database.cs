using FarmSim.Engine;
using FarmSim.Farm.Metrics;

namespace FarmSim.Farm.Runtime;

/// <summary>
/// The shared database in a running replication. A query first takes a connection from the pool
/// (one for the farm, or one per front-end; waiting in FIFO order when none is free), then a
/// database worker (again FIFO), and keeps its connection until it is done. With cores, the queries
/// on workers share them (processor sharing), their times being CPU demands; without, each query's
/// time is a delay; the request that made it keeps its front-end worker all along.
/// Reported like a server: queries in, latency (waits included), utilisation of its workers and
/// the mean number of queries waiting (for a connection or a worker).
/// </summary>
internal sealed class Database : IEventHandler
{
    private readonly ServerSide _farm;
    private readonly int _workers;
    private readonly Simulation _simulation;
    private readonly bool _perServer;
    private readonly RequestQueue[] _waitingForConnection; // per pool
    private readonly int[] _freeConnections;               // per pool
    private readonly RequestQueue _waitingForWorker = new();
    private int _waiting;                                   // for a connection, in all pools
    private int _busy;
    private double _lastChange, _busyArea, _queueArea, _busyAtStart, _queueAtStart;
    private double _waitSum;
    private long _started;

    private readonly ProcessorSharing? _cpu;
    private int _cpuGeneration; // the CPU's next-completion event that counts; earlier ones are stale
    private const int QueryDone = 0, CpuCompletion = 1;

    public Database(ServerSide farm, string name, int connections, int workers, int servers, bool perServer, int? cores = null)
    {
        if (cores is { } c) _cpu = new ProcessorSharing(c, 1);
        _farm = farm;
        _workers = workers;
        _simulation = farm.Run.Simulation;
        Name = name;
        _perServer = perServer;
        int pools = perServer ? servers : 1;
        _waitingForConnection = new RequestQueue[pools];
        _freeConnections = new int[pools];
        for (int p = 0; p < pools; p++)
        {
            _waitingForConnection[p] = new RequestQueue();
            _freeConnections[p] = connections;
        }
    }

    public string Name { get; }
    public Tally Tally { get; } = new();

    private int PoolOf(int id) => _perServer ? _farm.Requests[id].Server : 0;

    /// <summary>The request starts its next query.</summary>
    public void Query(int id)
    {
        Advance();
        _farm.Requests[id].Demand = _simulation.Now; // the query's start, for its latency
        if (_farm.Run.Measuring) Tally.Arrivals++;
        int pool = PoolOf(id);
        if (_freeConnections[pool] > 0)
        {
            _freeConnections[pool]--;
            ToWorker(id);
        }
        else
        {
            if (Queued == 0) WaitingSince = _simulation.Now;
            _waitingForConnection[pool].Enqueue(id);
            _waiting++;
        }
    }

    private void ToWorker(int id)
    {
        if (_busy < _workers)
        {
            _busy++;
            Start(id);
        }
        else
        {
            if (Queued == 0) WaitingSince = _simulation.Now;
            _waitingForWorker.Enqueue(id);
        }
    }

    /// <summary>How many queries wait for a connection or a worker.</summary>
    public int Queued => _waiting + _waitingForWorker.Count;

    /// <summary>When its queues (for a connection, then for a worker) last went from empty to waiting.</summary>
    public double WaitingSince { get; private set; }

    private void Start(int id)
    {
        if (_farm.Run.Measuring)
        {
            _waitSum += _simulation.Now - _farm.Requests[id].Demand;
            _started++;
        }
        if (_cpu is null)
        {
            _simulation.Schedule(_farm.QueryTime(id), this, QueryDone, id);
            return;
        }
        _cpu.Add(id, _farm.QueryTime(id), _simulation.Now);
        ScheduleCpu();
    }

    private void ScheduleCpu()
    {
        _cpuGeneration++;
        if (_cpu!.Count > 0) _simulation.ScheduleAt(_cpu.NextCompletion(_simulation.Now), this, CpuCompletion, _cpuGeneration);
    }

    /// <summary>A query is done (or the CPU's next completion, arg its generation): its worker and connection go to the next in line; the request moves on.</summary>
    public void Handle(int kind, int arg)
    {
        int id = arg;
        if (kind == CpuCompletion)
        {
            if (arg != _cpuGeneration) return; // the CPU's load changed since: a later event stands for it
            id = _cpu!.RemoveNext(_simulation.Now);
            ScheduleCpu();
        }
        Advance();
        ref Request request = ref _farm.Requests[id];
        if (_farm.Run.Measuring) Tally.RecordCompletion(_simulation.Now - request.Demand, 0);
        if (_waitingForWorker.Count > 0) Start(_waitingForWorker.Dequeue());
        else _busy--;
        int pool = PoolOf(id);
        if (_waitingForConnection[pool].Count > 0)
        {
            // Counted out only once it is at a worker's queue, so the queues never read empty between.
            ToWorker(_waitingForConnection[pool].Dequeue());
            _waiting--;
        }
        else _freeConnections[pool]++;
        if (--request.QueriesLeft > 0) _farm.NextQuery(id);
        else _farm.QueriesDone(id);
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
        values[(int)Metric.Utilization] = (_busyArea - _busyAtStart) / (_workers * seconds);
        values[(int)Metric.QueueLengthMean] = (_queueArea - _queueAtStart) / seconds;
        Tally.NotUsers(values);
    }

    private void Advance()
    {
        double now = _simulation.Now, elapsed = now - _lastChange;
        _busyArea += _busy * elapsed;
        _queueArea += (_waiting + _waitingForWorker.Count) * elapsed;
        _lastChange = now;
    }
}
