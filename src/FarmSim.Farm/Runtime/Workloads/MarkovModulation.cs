using FarmSim.Engine;
using FarmSim.Engine.Distributions;
using FarmSim.Farm.Topology;

namespace FarmSim.Farm.Runtime.Workloads;

/// <summary>
/// The hidden state of random bursts (MMPP-2): calm or bursting, switching after exponential
/// spells drawn from a stream of its own, so every alternative sees the same bursts. It starts in
/// its long-run state (bursting with the burst share), so the bursts are stationary from time zero.
/// </summary>
internal sealed class MarkovModulation
{
    private readonly double _factor;
    private readonly Sampler _calm, _bursting;
    private bool _inBurst;

    public MarkovModulation(RandomBursts bursts, RandomStream stream)
    {
        _factor = bursts.Factor;
        _calm = Sampler.Create(DistributionSpec.Exponential(bursts.Calm), stream);
        _bursting = Sampler.Create(DistributionSpec.Exponential(bursts.Bursting), stream);
        _inBurst = stream.NextDouble() < bursts.BurstShare;
        NextSwitch = (_inBurst ? _bursting : _calm).Sample();
    }

    /// <summary>When the state changes next.</summary>
    public double NextSwitch { get; private set; }

    /// <summary>The rate's multiplier at <paramref name="t"/> (never earlier than the last time asked), switching on the way.</summary>
    public double FactorAt(double t)
    {
        while (t >= NextSwitch)
        {
            _inBurst = !_inBurst;
            NextSwitch += (_inBurst ? _bursting : _calm).Sample();
        }
        return _inBurst ? _factor : 1;
    }
}
