using MathNet.Numerics;

namespace FarmSim.Engine.Distributions;

public enum DistributionKind { Exponential, Constant, LogNormal, Gamma, Erlang, Uniform, Weibull, Empirical }

/// <summary>A point of an empirical distribution: the share <paramref name="P"/> of times that are at most <paramref name="Value"/> seconds.</summary>
public readonly record struct QuantilePoint(double P, double Value);

/// <summary>
/// A distribution of a time, in seconds, described by the parameters a planner thinks in (mean and
/// coefficient of variation rather than mu and sigma). Which parameters apply depends on the kind:
/// exponential (mean), constant (value, kept in Mean), lognormal and gamma (mean, cv), erlang (mean, k),
/// uniform (min, max), weibull (mean, shape), empirical (quantiles: linear between them, as observed).
/// </summary>
public sealed record DistributionSpec(DistributionKind Kind, double Mean, double Cv = 0, int K = 0, double Min = 0, double Max = 0,
    double Shape = 0, IReadOnlyList<QuantilePoint>? Quantiles = null)
{
    public static DistributionSpec Exponential(double mean) => new(DistributionKind.Exponential, mean);
    public static DistributionSpec Constant(double value) => new(DistributionKind.Constant, value);
    public static DistributionSpec LogNormal(double mean, double cv) => new(DistributionKind.LogNormal, mean, Cv: cv);
    public static DistributionSpec Gamma(double mean, double cv) => new(DistributionKind.Gamma, mean, Cv: cv);
    public static DistributionSpec Erlang(double mean, int k) => new(DistributionKind.Erlang, mean, K: k);
    public static DistributionSpec Uniform(double min, double max) => new(DistributionKind.Uniform, (min + max) / 2, Min: min, Max: max);
    public static DistributionSpec Weibull(double mean, double shape) => new(DistributionKind.Weibull, mean, Shape: shape);

    /// <summary>The distribution that is linear between the given quantiles (from share 0 to share 1), as an observed one.</summary>
    public static DistributionSpec Empirical(IReadOnlyList<QuantilePoint> quantiles)
    {
        double mean = 0;
        for (int i = 1; i < quantiles.Count; i++)
            mean += (quantiles[i].P - quantiles[i - 1].P) * (quantiles[i].Value + quantiles[i - 1].Value) / 2;
        return new(DistributionKind.Empirical, mean, Quantiles: quantiles);
    }

    /// <summary>The scale of a Weibull of this mean and shape: mean / Γ(1 + 1/shape).</summary>
    public double WeibullScale => Mean / SpecialFunctions.Gamma(1 + 1 / Shape);

    /// <summary>The squared coefficient of variation, the variability term of queueing formulas.</summary>
    public double SquaredCv => Kind switch
    {
        DistributionKind.Exponential => 1,
        DistributionKind.Constant => 0,
        DistributionKind.LogNormal or DistributionKind.Gamma => Cv * Cv,
        DistributionKind.Erlang => 1.0 / K,
        DistributionKind.Uniform => (Max - Min) * (Max - Min) / 12 / (Mean * Mean),
        DistributionKind.Weibull => SpecialFunctions.Gamma(1 + 2 / Shape) / Math.Pow(SpecialFunctions.Gamma(1 + 1 / Shape), 2) - 1,
        DistributionKind.Empirical => EmpiricalSecondMoment() / (Mean * Mean) - 1,
        _ => throw new InvalidOperationException($"Unknown distribution {Kind}."),
    };

    /// <summary>The time below which a share <paramref name="q"/> of the times fall (0 &lt; q &lt; 1).</summary>
    public double Quantile(double q) => Kind switch
    {
        DistributionKind.Constant => Mean,
        DistributionKind.Exponential => -Mean * Math.Log(1 - q),
        DistributionKind.Uniform => Min + q * (Max - Min),
        DistributionKind.Erlang => MathNet.Numerics.Distributions.Gamma.InvCDF(K, K / Mean, q),
        DistributionKind.Gamma => MathNet.Numerics.Distributions.Gamma.InvCDF(1 / (Cv * Cv), 1 / (Cv * Cv) / Mean, q),
        DistributionKind.LogNormal => MathNet.Numerics.Distributions.LogNormal.InvCDF(Math.Log(Mean) - Math.Log(1 + Cv * Cv) / 2, Math.Sqrt(Math.Log(1 + Cv * Cv)), q),
        DistributionKind.Weibull => WeibullScale * Math.Pow(-Math.Log(1 - q), 1 / Shape),
        DistributionKind.Empirical => EmpiricalQuantile(Quantiles!, q),
        _ => throw new InvalidOperationException($"Unknown distribution {Kind}."),
    };

    /// <summary>Linear between the quantile points: the inverse of a piecewise-linear distribution function.</summary>
    internal static double EmpiricalQuantile(IReadOnlyList<QuantilePoint> points, double q)
    {
        int lo = 0, hi = points.Count - 1;
        while (hi - lo > 1)
        {
            int mid = (lo + hi) >> 1;
            if (points[mid].P <= q) lo = mid; else hi = mid;
        }
        var (a, b) = (points[lo], points[hi]);
        return b.P > a.P ? a.Value + (q - a.P) / (b.P - a.P) * (b.Value - a.Value) : a.Value;
    }

    private double EmpiricalSecondMoment()
    {
        // Uniform between neighbouring quantiles: E[X²] over [a, b] is (a² + ab + b²)/3.
        double sum = 0;
        var q = Quantiles!;
        for (int i = 1; i < q.Count; i++)
        {
            double a = q[i - 1].Value, b = q[i].Value;
            sum += (q[i].P - q[i - 1].P) * (a * a + a * b + b * b) / 3;
        }
        return sum;
    }

    /// <summary>Every reason these parameters cannot describe a distribution of positive times; empty when they can.</summary>
    public IReadOnlyList<(string Field, string Problem)> Problems()
    {
        var problems = new List<(string, string)>();
        switch (Kind)
        {
            case DistributionKind.Uniform:
                if (!(Min >= 0)) problems.Add(("min", $"is {Min}, expected zero or more"));
                if (!(Max > 0)) problems.Add(("max", $"is {Max}, expected more than zero"));
                if (Min > Max) problems.Add(("min", $"{Min} is greater than max {Max}, expected min <= max"));
                break;
            case DistributionKind.Constant:
                if (!(Mean > 0)) problems.Add(("value", $"is {Mean}, expected more than zero"));
                break;
            case DistributionKind.Empirical:
                EmpiricalProblems(problems);
                break;
            default:
                if (!(Mean > 0)) problems.Add(("mean", $"is {Mean}, expected more than zero"));
                break;
        }
        if (Kind is DistributionKind.LogNormal or DistributionKind.Gamma && !(Cv > 0))
            problems.Add(("cv", $"is {Cv}, expected more than zero (a {Kind.ToString().ToLowerInvariant()} with cv 0 is not defined; use constant)"));
        if (Kind is DistributionKind.Weibull && !(Shape > 0 && double.IsFinite(Shape)))
            problems.Add(("shape", $"is {Shape}, expected more than zero"));
        if (Kind is DistributionKind.Erlang && K < 1)
            problems.Add(("k", $"is {K}, expected a whole number of phases, 1 or more"));
        return problems;
    }

    private void EmpiricalProblems(List<(string, string)> problems)
    {
        var q = Quantiles ?? [];
        if (q.Count < 2)
        {
            problems.Add(("quantiles", $"has {q.Count} points, expected at least two: the least time (0%) and the greatest (100%)"));
            return;
        }
        if (q[0].P != 0) problems.Add(("quantiles", $"starts at {q[0].P:0.####%}, expected 0%: the least time"));
        if (q[^1].P != 1) problems.Add(("quantiles", $"ends at {q[^1].P:0.####%}, expected 100%: the greatest time"));
        if (!(q[0].Value >= 0)) problems.Add(("quantiles", $"starts at a time of {q[0].Value} s, expected zero or more"));
        for (int i = 1; i < q.Count; i++)
        {
            if (!(q[i].P > q[i - 1].P)) problems.Add(("quantiles", $"point {i} has the share {q[i].P:0.####%} after {q[i - 1].P:0.####%}, expected shares that increase"));
            if (!(q[i].Value >= q[i - 1].Value)) problems.Add(("quantiles", $"point {i} has the time {q[i].Value} s after {q[i - 1].Value} s, expected times that do not decrease"));
        }
        if (problems.Count == 0 && !(Mean > 0)) problems.Add(("quantiles", "gives a mean of zero, expected times above zero"));
    }
}
