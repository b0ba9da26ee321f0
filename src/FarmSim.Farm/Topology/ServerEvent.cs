namespace FarmSim.Farm.Topology;

/// <summary>Something the scenario's timeline makes happen at <see cref="At"/> seconds into the run (warm-up included).</summary>
public abstract record FarmEvent(double At);

/// <summary>
/// What happens to a server: it crashes (its requests in flight are lost), is drained and stopped,
/// comes back up, has its application pools recycled, changes weight, or joins or leaves a zone.
/// </summary>
public enum ServerAction { Down, Up, Drain, Recycle, Weight, Join, Leave }

/// <summary>
/// At <see cref="FarmEvent.At"/>, <see cref="Action"/> happens to <see cref="Server"/>. A drain
/// takes it out of its balancers at once; what it holds finishes within <see cref="Delay"/> (AWS
/// ALB's deregistration delay, 300 s by default), then it stops, losing what is left. A recycle
/// restarts its application pools (<see cref="Restart"/>); a weight change sets its weight in every
/// zone (<see cref="Weight"/>); a join or a leave concerns one <see cref="Zone"/>.
/// </summary>
public sealed record ServerEvent(double At, string Server, ServerAction Action, double Delay = ServerEvent.DeregistrationDelay) : FarmEvent(At)
{
    public const double DeregistrationDelay = 300;

    public RestartSpec? Restart { get; init; }
    public double? Weight { get; init; }
    public string? Zone { get; init; }
}

/// <summary>
/// A publish of every app of <see cref="Zone"/>: each of its servers' application pools restarts.
/// All at once (<see cref="AtATime"/> null), or rolling: that many servers at a time, each first
/// drained from the zone's balancer for up to <see cref="Drain"/> (less when nothing is left in
/// flight), restarted, put back, then the next ones.
/// </summary>
public sealed record PublishEvent(double At, string Zone, int? AtATime, double Drain, RestartSpec Restart) : FarmEvent(At)
{
    /// <summary>How long a rolling publish drains each server unless told: long enough for the requests of a busy app to finish.</summary>
    public const double DefaultDrain = 30;
}

/// <summary>
/// <see cref="App"/> moves to <see cref="Zone"/>: its requests sent from then on go to the new
/// zone's balancer; those sent before finish where they are.
/// </summary>
public sealed record AppMoveEvent(double At, string App, string Zone) : FarmEvent(At);

/// <summary>
/// An application pool's restart: for <see cref="Time"/> the server serves nothing of the zone's
/// apps (HTTP.sys answers 503 and the zone's probes fail), then its service is slower by
/// <see cref="ColdFactor"/>, fading linearly to none over <see cref="ColdFade"/> (JIT, caches).
/// </summary>
public sealed record RestartSpec(double Time, double ColdFactor, double ColdFade)
{
    /// <summary>A publish stops and starts the pool: assumed 20 s down, then twice as slow fading over a minute; calibrate both from the farm.</summary>
    public static readonly RestartSpec Publish = new(20, 2, 60);

    /// <summary>A recycle is overlapped in IIS (the new worker process starts before the old one stops): no time down, the same cold start.</summary>
    public static readonly RestartSpec Recycle = new(0, 2, 60);
}

/// <summary>Random failures of a server: the time from its return to its next crash, and the time it takes to repair, each a distribution.</summary>
public sealed record FailureSpec(Engine.Distributions.DistributionSpec Between, Engine.Distributions.DistributionSpec Repair);

/// <summary>
/// A zone balancer's active health checks: every <see cref="Interval"/> seconds it probes each of
/// its servers; <see cref="Fall"/> failed probes in a row take a server out of its rotation,
/// <see cref="Rise"/> good ones in a row bring it back. A probe fails when the server is down, its
/// zone's application pool is restarting, its queue is full, or it would wait past
/// <see cref="Timeout"/> (null: the interval, as HAProxy's <c>timeout check</c> defaults to
/// <c>inter</c>) behind the requests queued there.
/// </summary>
public sealed record HealthCheckSpec(double Interval, int Fall, int Rise, double? Timeout = null)
{
    /// <summary>HAProxy's defaults for <c>check</c>: <c>inter 2s</c>, <c>fall 3</c>, <c>rise 2</c>, the timeout the interval.</summary>
    public static readonly HealthCheckSpec HAProxy = new(2, 3, 2);

    /// <summary>IIS ARR's URL test: every 30 s with a 30-s timeout; one failure takes a server out, one success brings it back.</summary>
    public static readonly HealthCheckSpec Arr = new(30, 1, 1, 30);

    /// <summary>How long a probe may wait for its answer.</summary>
    public double TimeoutOrInterval => Timeout ?? Interval;
}
