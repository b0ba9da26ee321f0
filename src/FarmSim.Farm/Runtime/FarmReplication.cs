using FarmSim.Engine;
using FarmSim.Engine.Distributions;
using FarmSim.Farm.Metrics;
using FarmSim.Farm.Runtime.Users;
using FarmSim.Farm.Runtime.Workloads;
using FarmSim.Farm.Topology;

namespace FarmSim.Farm.Runtime;

/// <summary>
/// One independent replication of a farm: wires the server side (proxy, zones, balancers, servers,
/// databases, calls), the user side and each app's workload, each random part on its own named
/// stream, runs the warm-up and the measured period, and reports the metrics of the measured period.
/// An observation belongs to the measured period when the event that makes it (an arrival, a
/// rejection, a completion) happens in it.
/// </summary>
public sealed class FarmReplication : IEventHandler
{
    private readonly SimulationSettings _settings;
    private readonly RunContext _run;
    private readonly App[] _apps;
    private readonly CallTables _tables;
    private readonly ServerSide _farm;
    private readonly UserSide _users;
    private readonly TimeSeriesRecorder _timeSeries;
    private readonly Operations.FarmOperations _operations;
    private readonly bool _hasEvents; // events at fixed times: window ends go on the calendar first

    public FarmReplication(FarmSpec farm, SimulationSettings settings, int replication)
    {
        var problems = FarmProblems.Of(farm, settings);
        if (problems.Count > 0)
            throw new ArgumentException("The farm is not valid: " + string.Join("; ", problems.Select(p => $"{p.Path} {p.Message}")), nameof(farm));
        _settings = settings;
        Replication = replication;
        _run = new RunContext(settings, replication, farm.Apps.Sum(a => a.Users?.PeakCount ?? 0)) { CanFail = farm.CanFail };
        _apps = farm.Apps.Select(app => new App(app.Name)).ToArray();
        _tables = new CallTables(_run, farm);
        _farm = new ServerSide(_run, farm, _apps, _tables);
        _users = new UserSide(_run, farm, _farm, _apps, _tables);
        _farm.UserSide = _users;
        for (int a = 0; a < _apps.Length; a++)
            _users.Workloads[a] = WorkloadOf(farm.Apps[a], a);
        _operations = new Operations.FarmOperations(_run, _farm, farm);
        _hasEvents = farm.Events.Count > 0;
        _timeSeries = new TimeSeriesRecorder(_run.Simulation, _apps, _farm.Servers, settings.WindowOrDefault, settings.End, OverTime(farm), errors: _run.CanFail);
    }

    /// <summary>The part that sends the app's users' requests, or null for an app only other apps call.</summary>
    private IWorkload? WorkloadOf(AppSpec app, int index)
    {
        string stream = $"app/{app.Name}";
        var demands = _tables.Sources[index];
        if (app.Users is { } users)
            return new ClosedUsers(_run, _users, index, demands, users, _run.Stream(stream + "/think"), new VisitorTally(sessions: false));
        if (app.Sessions is { } sessions)
            return new Sessions(_run, _users, index, demands, sessions, app.Classes, Arrivals(stream, sessions.Rate, sessions.Profile, sessions.RandomBursts),
                _run.Stream(stream + "/think"), _run.Stream(stream + "/navigation"), new VisitorTally(sessions: true));
        if (app.Replay is { } replay)
        {
            var times = new ReplayTimes(replay, _run.Stream(stream + "/replay"), _settings.End);
            if (replay.LoggedDemands && app.Classes is null) demands.UseLoggedDemands(times);
            return new OpenUsers(_run, _users, index, demands, times);
        }
        if (!(app.ArrivalRate > 0)) return null;
        return new OpenUsers(_run, _users, index, demands, Arrivals(stream, app.ArrivalRate, app.Profile, app.RandomBursts));
    }

    /// <summary>
    /// When a stream of users (or visits) arrives: a homogeneous Poisson process at a steady rate,
    /// else an exact non-homogeneous one along the profile and the random bursts. Either draws
    /// from the app's arrival stream; the bursts' spells from one of their own.
    /// </summary>
    private ArrivalTimes Arrivals(string stream, double rate, LoadProfile? profile, RandomBursts? bursts)
    {
        var arrivals = _run.Stream(stream + "/arrivals");
        if (profile is null && bursts is null) return new PoissonTimes(Sampler.Create(DistributionSpec.Exponential(1 / rate), arrivals));
        var modulation = bursts is null ? null : new MarkovModulation(bursts, _run.Stream(stream + "/bursts"));
        return new ProfileTimes(rate, new ProfileCursor(profile ?? LoadProfile.Flat([]), _settings.End), modulation,
            Sampler.Create(DistributionSpec.Exponential(1), arrivals));
    }

    /// <summary>Per app, what its workload shows over time beyond what every app does: its offered rate when that changes, its users or sessions.</summary>
    private AppOverTime?[] OverTime(FarmSpec farm) => farm.Apps.Select((app, a) =>
        app.Profile is not null || app.RandomBursts is not null || app.Users is not null || app.Sessions is not null || app.Replay is not null
            ? new AppOverTime((_users.Workloads[a] as IHasVisitors)?.Tally)
            : null).ToArray();

    public int Replication { get; }

    public Simulation Simulation => _run.Simulation;

    /// <summary>
    /// Runs the warm-up and the measured period and returns what was measured.
    /// <paramref name="progress"/>, when given, hears the fraction of simulated time done, in
    /// steps of 1%; stepping does not change the order of events, so neither does it the results.
    /// </summary>
    public ReplicationResult Run(CancellationToken cancellation = default, Action<double>? progress = null)
    {
        _timeSeries.Start(allAhead: _hasEvents);
        foreach (var workload in _users.Workloads) workload?.Start();
        _operations.Start();
        if (_settings.Warmup > 0) Simulation.ScheduleAt(_settings.Warmup, this, 0);
        else BeginMeasurement();
        int steps = progress is null ? 1 : 100;
        Instability? unstable = null;
        try
        {
            for (int step = 1; step <= steps; step++)
            {
                Simulation.Run(step == steps ? _settings.End : _settings.End * step / steps, cancellation);
                progress?.Invoke((double)step / steps);
            }
        }
        catch (InFlightLimitReached)
        {
            unstable = Instability();
            progress?.Invoke(1);
        }
        // A stopped replication reports what it measured until it stopped, and says why it stopped.
        // Stopped in the warm-up, nothing was measured: the figures then cover the run from its start.
        double measured = unstable is null ? _settings.Duration : Simulation.Now > _settings.Warmup ? Simulation.Now - _settings.Warmup : Simulation.Now;
        var result = ReplicationReport.Build(Replication, _run, measured, _apps, _users.Workloads, _farm, _tables, _timeSeries);
        return unstable is null ? result : result with { Unstable = unstable };
    }

    /// <summary>Where the requests piled up: the server or database with the longest queue.</summary>
    private Instability Instability()
    {
        var queues = _farm.Servers.Select(s => (s.Name, s.Queued, s.WaitingSince))
            .Concat(_farm.Databases.Select(d => ($"database {d.Name}", d.Queued, d.WaitingSince)));
        var (where, queued, since) = queues.MaxBy(q => q.Queued);
        // No queue holds them: they are in service, on the wire, or given up and waiting to be sent again.
        if (queued == 0) (where, since) = ("no queue", Simulation.Now);
        return new Instability(Replication, Simulation.Now, _run.Requests.InFlight, where, queued, since);
    }

    /// <summary>The end of the warm-up.</summary>
    void IEventHandler.Handle(int kind, int arg) => BeginMeasurement();

    private void BeginMeasurement()
    {
        _run.Measuring = true;
        foreach (var server in _farm.Servers) server.BeginMeasurement();
        foreach (var database in _farm.Databases) database.BeginMeasurement();
        foreach (var workload in _users.Workloads) (workload as IHasVisitors)?.Tally.BeginMeasurement(Simulation.Now);
    }
}
