namespace FarmSim.Engine.Distributions;

public enum DistributionKind { Exponential, Constant, LogNormal, Gamma, Erlang, Uniform }

/// <summary>
/// A distribution of a time, in seconds, described by the parameters a planner thinks in (mean and
/// coefficient of variation rather than mu and sigma). Which parameters apply depends on the kind:
/// exponential (mean), constant (value, kept in Mean), lognormal and gamma (mean, cv), erlang (mean, k),
/// uniform (min, max).
/// </summary>
public sealed record DistributionSpec(DistributionKind Kind, double Mean, double Cv = 0, int K = 0, double Min = 0, double Max = 0)
{
    public static DistributionSpec Exponential(double mean) => new(DistributionKind.Exponential, mean);
    public static DistributionSpec Constant(double value) => new(DistributionKind.Constant, value);
    public static DistributionSpec LogNormal(double mean, double cv) => new(DistributionKind.LogNormal, mean, Cv: cv);
    public static DistributionSpec Gamma(double mean, double cv) => new(DistributionKind.Gamma, mean, Cv: cv);
    public static DistributionSpec Erlang(double mean, int k) => new(DistributionKind.Erlang, mean, K: k);
    public static DistributionSpec Uniform(double min, double max) => new(DistributionKind.Uniform, (min + max) / 2, Min: min, Max: max);

    /// <summary>The squared coefficient of variation, the variability term of queueing formulas.</summary>
    public double SquaredCv => Kind switch
    {
        DistributionKind.Exponential => 1,
        DistributionKind.Constant => 0,
        DistributionKind.LogNormal or DistributionKind.Gamma => Cv * Cv,
        DistributionKind.Erlang => 1.0 / K,
        DistributionKind.Uniform => (Max - Min) * (Max - Min) / 12 / (Mean * Mean),
        _ => throw new InvalidOperationException($"Unknown distribution {Kind}."),
    };

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
            default:
                if (!(Mean > 0)) problems.Add(("mean", $"is {Mean}, expected more than zero"));
                break;
        }
        if (Kind is DistributionKind.LogNormal or DistributionKind.Gamma && !(Cv > 0))
            problems.Add(("cv", $"is {Cv}, expected more than zero (a {Kind.ToString().ToLowerInvariant()} with cv 0 is not defined; use constant)"));
        if (Kind is DistributionKind.Erlang && K < 1)
            problems.Add(("k", $"is {K}, expected a whole number of phases, 1 or more"));
        return problems;
    }
}
