namespace FarmSim.Farm.Topology;

/// <summary>What happens to a server: it crashes (its requests in flight are lost), is drained and stopped, or comes back up.</summary>
public enum ServerAction { Down, Up, Drain }

/// <summary>
/// At <see cref="At"/> seconds into the run (warm-up included), <see cref="Action"/> happens to
/// <see cref="Server"/>. A drain takes it out of its balancers at once; what it holds finishes
/// within <see cref="Delay"/> (AWS ALB's deregistration delay, 300 s by default), then it stops,
/// losing what is left.
/// </summary>
public sealed record ServerEvent(double At, string Server, ServerAction Action, double Delay = ServerEvent.DeregistrationDelay)
{
    public const double DeregistrationDelay = 300;
}

/// <summary>Random failures of a server: the time from its return to its next crash, and the time it takes to repair, each a distribution.</summary>
public sealed record FailureSpec(Engine.Distributions.DistributionSpec Between, Engine.Distributions.DistributionSpec Repair);

/// <summary>
/// A zone balancer's active health checks: every <see cref="Interval"/> seconds it probes each of
/// its servers; <see cref="Fall"/> failed probes in a row take a server out of its rotation,
/// <see cref="Rise"/> good ones in a row bring it back. A probe fails when the server is down.
/// </summary>
public sealed record HealthCheckSpec(double Interval, int Fall, int Rise)
{
    /// <summary>HAProxy's defaults for <c>check</c>: <c>inter 2s</c>, <c>fall 3</c>, <c>rise 2</c>.</summary>
    public static readonly HealthCheckSpec HAProxy = new(2, 3, 2);

    /// <summary>IIS ARR's URL test: every 30 s; one failure takes a server out, one success brings it back.</summary>
    public static readonly HealthCheckSpec Arr = new(30, 1, 1);
}
