using FarmSim.Engine.Distributions;

namespace FarmSim.Farm.Runtime.Workloads;

/// <summary>When the next of a stream of arrivals comes: the instants of a point process, drawn forward one at a time.</summary>
internal abstract class ArrivalTimes
{
    /// <summary>The next arrival after one at <paramref name="now"/>; infinity when none is left.</summary>
    public abstract double Next(double now);
}

/// <summary>A homogeneous Poisson process: exponential gaps at a fixed rate.</summary>
internal sealed class PoissonTimes(Sampler gaps) : ArrivalTimes
{
    public override double Next(double now) => now + gaps.Sample();
}
