using FarmSim.Engine;
using FarmSim.Farm.Metrics;

namespace FarmSim.Farm.Runtime;

/// <summary>
/// A front-end server in a running replication: <c>workers</c> requests in service at once, the rest
/// waiting in FIFO order up to the queue limit. A request holds its worker until it completes; a CPU
/// demand on a server with cores shares them with the other requests using the CPU (processor
/// sharing), while a plain service time is a delay. It keeps the time integrals of busy workers and
/// queue length from which utilisation and mean queue length follow.
/// </summary>
internal sealed class FrontEnd : IEventHandler
{
    private readonly ServerSide _farm;
    private readonly Simulation _simulation;
    private readonly int _workers;
    private readonly int _queueLimit;
    private readonly double _speed;
    private readonly RequestQueue _queue = new();
    private readonly ProcessorSharing? _cpu;
    private int _cpuGeneration; // the CPU's next-completion event that counts; earlier ones are stale
    private int _busy;
    private double _lastChange;
    private double _busyArea;      // busy worker-seconds since time 0
    private double _queueArea;     // waiting request-seconds since time 0
    private double _busyAtStart;   // the same, when the measured period began
    private double _queueAtStart;
    private double _cpuArea, _cpuAtStart; // busy core-seconds, with cores
    private double _downArea, _downAtStart; // seconds down

    public FrontEnd(ServerSide farm, int index, string name, int workers, int queueLimit, double speed, int? cores = null)
    {
        if (cores is { } c) _cpu = new ProcessorSharing(c, speed);
        _farm = farm;
        _simulation = farm.Run.Simulation;
        Index = index;
        Name = name;
        _workers = workers;
        _queueLimit = queueLimit;
        _speed = speed;
    }

    public int Index { get; }
    public string Name { get; }
    public int Workers => _workers;

    /// <summary>The server has crashed and is not back yet.</summary>
    public bool Down { get; private set; }

    /// <summary>When it last crashed (−∞ if never): a request it started by then died with it.</summary>
    public double CrashedAt { get; private set; } = double.NegativeInfinity;

    /// <summary>
    /// It crashes now: its workers and cores are empty, its queue is gone. Returns the requests that
    /// were waiting or on its cores (nothing more will happen to them); those in service elsewhere in
    /// their life (a query, a call, a pending completion) are known by <see cref="CrashedAt"/>.
    /// </summary>
    public List<int> Crash()
    {
        Advance();
        if (!Down) Outages.Add((_simulation.Now, double.NaN));
        Down = true;
        Draining = false;
        CrashedAt = _simulation.Now;
        var held = new List<int>(_queue.Count);
        while (_queue.Count > 0) held.Add(_queue.Dequeue());
        if (_cpu is not null)
        {
            held.AddRange(_cpu.Clear(_simulation.Now));
            _cpuGeneration++; // its pending completion is stale
        }
        _busy = 0;
        return held;
    }

    /// <summary>When it went down and came back (NaN: not before the run ended), warm-up included.</summary>
    public List<(double Down, double Up)> Outages { get; } = [];

    /// <summary>It is back, empty; its balancers send to it once their health checks see it.</summary>
    public void Up()
    {
        Advance();
        if (Down) Outages[^1] = (Outages[^1].Down, _simulation.Now);
        Down = false;
        Draining = false;
    }

    /// <summary>It is being drained: its balancers send it nothing new, and their checks keep it out.</summary>
    public bool Draining { get; set; }

    /// <summary>The simulation's clock.</summary>
    public double Now => _simulation.Now;

    private double _detectionSum;
    private long _detections;

    /// <summary>A balancer found out, <paramref name="delay"/> seconds after this server failed for it.</summary>
    public void RecordDetection(double delay)
    {
        if (!_farm.Run.Measuring) return;
        _detectionSum += delay;
        _detections++;
    }

    /// <summary>How many of its zones' application pools are restarting: requests of those zones' apps are refused.</summary>
    public int RestartingPools { get; set; }

    /// <summary>How many of its zones' application pools are cold after a restart: requests of those zones' apps are served slower.</summary>
    public int ColdPools { get; set; }

    /// <summary>It would refuse a request now: down, or every worker busy and its queue full.</summary>
    public bool Full => Down || _busy >= _workers && _queue.Count >= _queueLimit;

    /// <summary>Every worker is busy: a new request waits.</summary>
    public bool AllBusy => _busy >= _workers;

    /// <summary>Requests it holds: waiting, or on its workers.</summary>
    public int Holding => _queue.Count + _busy;

    /// <summary>How many requests wait for a worker.</summary>
    public int Queued => _queue.Count;

    /// <summary>When its queue last went from empty to waiting: it has held requests without a break since then.</summary>
    public double WaitingSince { get; private set; }
    public Tally Tally { get; } = new();

    /// <summary>Completions since time 0, warm-up included, for the time series.</summary>
    public long CompletedSinceStart { get; set; }

    /// <summary>The current time-series window's latencies.</summary>
    public WindowTally Window { get; } = new();

    /// <summary>Takes the request into service or into the queue; false when the queue is full (503).</summary>
    public bool Accept(int id)
    {
        if (Down) return false; // a dead server refuses the connection
        if (_busy < _workers)
        {
            Advance();
            _busy++;
            StartService(id);
            return true;
        }
        if (_queue.Count < _queueLimit)
        {
            Advance();
            if (_queue.Count == 0) WaitingSince = _simulation.Now;
            _queue.Enqueue(id);
            return true;
        }
        return false;
    }

    private const int Completion = 0, CpuCompletion = 1, CpuDelayDone = 2;

    /// <summary>A service completion, the end of an uncontended CPU demand, or the CPU's next completion (arg: its generation).</summary>
    public void Handle(int kind, int arg)
    {
        switch (kind)
        {
            case Completion:
                Finish(arg);
                return;
            case CpuDelayDone:
                _farm.AfterCpu(arg);
                return;
        }
        if (arg != _cpuGeneration) return; // the CPU's load changed since: a later event stands for it
        Advance();
        _farm.AfterCpu(_cpu!.RemoveNext(_simulation.Now));
        ScheduleCpu();
    }

    /// <summary>
    /// The request is done here: it frees its worker for the next one waiting, before what its end
    /// sets off (its caller's next call, its browser's calls) can arrive here and find it still busy.
    /// </summary>
    internal void Finish(int id)
    {
        if (_farm.Requests[id].Start <= CrashedAt)
        {
            _farm.Requests.Release(id); // it died in the crash, its user told then: nothing of it is left
            return;
        }
        Advance();
        if (_queue.Count > 0) StartService(_queue.Dequeue());
        else _busy--;
        _farm.Complete(id, this);
    }

    /// <summary>Marks the start of the measured period: what happened before the warm-up ended is not measured.</summary>
    public void BeginMeasurement()
    {
        Advance();
        _busyAtStart = _busyArea;
        _queueAtStart = _queueArea;
        _cpuAtStart = _cpuArea;
        _downAtStart = _downArea;
    }

    /// <summary>Writes this server's metrics for a measured period of <paramref name="seconds"/> ending now.</summary>
    public void Report(double[] values, double seconds)
    {
        Advance();
        Tally.Report(values, seconds);
        values[(int)Metric.Utilization] = (_busyArea - _busyAtStart) / (_workers * seconds);
        values[(int)Metric.QueueLengthMean] = (_queueArea - _queueAtStart) / seconds;
        if (_cpu is not null) values[(int)Metric.CpuUtilization] = (_cpuArea - _cpuAtStart) / (_cpu.Cores * seconds);
        values[(int)Metric.Availability] = 1 - (_downArea - _downAtStart) / seconds;
        values[(int)Metric.DetectionMeanS] = _detections > 0 ? _detectionSum / _detections : double.NaN;
        Tally.NotUsers(values);
    }

    /// <summary>Busy worker-seconds over the measured period so far.</summary>
    public double BusyArea
    {
        get
        {
            Advance();
            return _busyArea - _busyAtStart;
        }
    }

    /// <summary>Busy worker-seconds and waiting request-seconds since time 0.</summary>
    public (double Busy, double Queue) AreasSinceStart()
    {
        Advance();
        return (_busyArea, _queueArea);
    }

    private void StartService(int id)
    {
        ref Request request = ref _farm.Requests[id];
        request.Start = _simulation.Now;
        double demand = ColdPools > 0 ? request.Demand * _farm.Slowdown(id) : request.Demand;
        if (!request.Cpu) _simulation.Schedule(demand / _speed, this, Completion, id);
        else if (demand <= 0) _farm.AfterCpu(id);
        else if (_cpu is not null)
        {
            _cpu.Add(id, demand, _simulation.Now);
            ScheduleCpu();
        }
        else _simulation.Schedule(demand / _speed, this, CpuDelayDone, id);
    }

    /// <summary>One pending event for the CPU: when its next request finishes, given who is on it now.</summary>
    private void ScheduleCpu()
    {
        _cpuGeneration++;
        if (_cpu!.Count > 0) _simulation.ScheduleAt(_cpu.NextCompletion(_simulation.Now), this, CpuCompletion, _cpuGeneration);
    }

    private void Advance()
    {
        double now = _simulation.Now;
        double elapsed = now - _lastChange;
        _busyArea += _busy * elapsed;
        _queueArea += _queue.Count * elapsed;
        if (Down) _downArea += elapsed;
        if (_cpu is not null) _cpuArea += _cpu.BusyCores * elapsed;
        _lastChange = now;
    }
}
