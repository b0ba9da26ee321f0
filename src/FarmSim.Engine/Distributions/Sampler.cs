using MathNet.Numerics.Distributions;

namespace FarmSim.Engine.Distributions;

/// <summary>Draws values of one distribution from one random stream.</summary>
public abstract class Sampler
{
    public abstract double Sample();

    /// <summary>Builds the sampler for <paramref name="spec"/>; the distributions are MathNet.Numerics'.</summary>
    public static Sampler Create(DistributionSpec spec, Random stream)
    {
        var problems = spec.Problems();
        if (problems.Count > 0)
            throw new ArgumentException($"Invalid {spec.Kind} distribution: {problems[0].Field} {problems[0].Problem}.", nameof(spec));
        return spec.Kind switch
        {
            DistributionKind.Constant => new ConstantSampler(spec.Mean),
            DistributionKind.Exponential => new ContinuousSampler(new Exponential(1.0 / spec.Mean, stream)),
            DistributionKind.LogNormal => LogNormalFor(spec, stream),
            // Gamma with shape 1/cv² and rate shape/mean has the requested mean and cv.
            DistributionKind.Gamma => new ContinuousSampler(new Gamma(1 / (spec.Cv * spec.Cv), 1 / (spec.Cv * spec.Cv) / spec.Mean, stream)),
            DistributionKind.Erlang => new ContinuousSampler(new Erlang(spec.K, spec.K / spec.Mean, stream)),
            DistributionKind.Uniform when spec.Min == spec.Max => new ConstantSampler(spec.Min),
            DistributionKind.Uniform => new ContinuousSampler(new ContinuousUniform(spec.Min, spec.Max, stream)),
            DistributionKind.Weibull => new ContinuousSampler(new Weibull(spec.Shape, spec.WeibullScale, stream)),
            DistributionKind.Empirical => new EmpiricalSampler(spec.Quantiles!, stream),
            _ => throw new ArgumentOutOfRangeException(nameof(spec), spec.Kind, "Unknown distribution."),
        };
    }

    private static Sampler LogNormalFor(DistributionSpec spec, Random stream)
    {
        // sigma² = ln(1 + cv²) and mu = ln(mean) − sigma²/2 give the requested mean and cv.
        double sigma2 = Math.Log(1 + spec.Cv * spec.Cv);
        return new ContinuousSampler(new LogNormal(Math.Log(spec.Mean) - sigma2 / 2, Math.Sqrt(sigma2), stream));
    }

    private sealed class ConstantSampler(double value) : Sampler
    {
        public override double Sample() => value;
    }

    /// <summary>By inversion: a uniform share, then linear between the quantiles around it.</summary>
    private sealed class EmpiricalSampler(IReadOnlyList<QuantilePoint> quantiles, Random stream) : Sampler
    {
        private readonly QuantilePoint[] _points = [.. quantiles];

        public override double Sample() => DistributionSpec.EmpiricalQuantile(_points, stream.NextDouble());
    }

    private sealed class ContinuousSampler(IContinuousDistribution distribution) : Sampler
    {
        public override double Sample() => distribution.Sample();
    }
}
