namespace FarmSim.Farm.Topology;

/// <summary>
/// Random bursts: a two-state Markov-modulated Poisson process (MMPP-2). Calm spells and bursts
/// alternate, each lasting an exponential time of mean <see cref="Calm"/> or <see cref="Bursting"/>
/// seconds; while bursting, the arrival rate is <see cref="Factor"/> times the calm one.
/// </summary>
public sealed record RandomBursts(double Factor, double Calm, double Bursting)
{
    /// <summary>The long-run share of time spent bursting.</summary>
    public double BurstShare => Bursting / (Calm + Bursting);

    /// <summary>The long-run rate as a multiple of the calm rate: (λ₀σ₁ + λ₁σ₀) / (σ₀ + σ₁) over λ₀.</summary>
    public double MeanFactor => 1 + (Factor - 1) * BurstShare;
}
