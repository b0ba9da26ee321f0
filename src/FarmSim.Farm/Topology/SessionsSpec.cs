using FarmSim.Engine.Distributions;

namespace FarmSim.Farm.Topology;

/// <summary>
/// Sessions, the partly-open model (Schroeder, Wierman and Harchol-Balter, NSDI 2006): visits arrive
/// as a Poisson stream of <see cref="Rate"/> per second (following a profile, with bursts, as an
/// app's arrivals may); each visit is a sequence of pages with a think time drawn from
/// <see cref="Think"/> between them, its pages' classes following a <see cref="Navigation"/> or
/// drawn by the classes' shares for a number of <see cref="Pages"/>, and then it leaves.
/// </summary>
public sealed record SessionsSpec(double Rate, DistributionSpec Think)
{
    public LoadProfile? Profile { get; init; }
    public RandomBursts? RandomBursts { get; init; }

    /// <summary>Pages per visit when there is no navigation (one, when neither is given).</summary>
    public PageCount? Pages { get; init; }

    public NavigationSpec? Navigation { get; init; }

    /// <summary>
    /// The pages a visit asks of each class, on average, in the order of <paramref name="classes"/>:
    /// along the navigation, the expected visits of an absorbing Markov chain, s (I − P)⁻¹; without
    /// one, the mean number of pages spread by <paramref name="shares"/>.
    /// </summary>
    public double[] PagesPerClass(IReadOnlyList<string> classes, IReadOnlyList<double> shares)
    {
        if (Navigation is not { } navigation)
        {
            double pages = Pages?.Mean ?? 1;
            return shares.Select(share => pages * share).ToArray();
        }
        int n = classes.Count;
        int Index(string? name) => name is null ? -1 : classes.ToList().IndexOf(name);
        var a = MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.DenseIdentity(n);
        var start = MathNet.Numerics.LinearAlgebra.Vector<double>.Build.Dense(n);
        foreach (var step in navigation.Start)
            if (Index(step.To) is >= 0 and var to) start[to] += step.Share;
        foreach (var (from, steps) in navigation.From)
            if (Index(from) is >= 0 and var i)
                foreach (var step in steps)
                    if (Index(step.To) is >= 0 and var j) a[j, i] -= step.Share; // (I − P)ᵀ
        var visits = a.Solve(start);
        return visits.Select(v => double.IsFinite(v) && v > 0 ? v : 0).ToArray();
    }
}

/// <summary>Pages per visit: always <see cref="Mean"/>, or geometric with that mean (each page is the last with probability 1/mean).</summary>
public sealed record PageCount(double Mean, bool Geometric);

/// <summary>
/// Where a session goes next: its first page's class drawn from <see cref="Start"/>, then after a
/// page of a class the next one drawn from that class's steps in <see cref="From"/>, where a step to
/// no class (<see cref="NavigationStep.To"/> null) is leaving. A class with no steps of its own ends the visit.
/// </summary>
public sealed record NavigationSpec(IReadOnlyList<NavigationStep> Start, IReadOnlyList<(string From, IReadOnlyList<NavigationStep> Steps)> From)
{
    public const string Leave = "leave";

    public IReadOnlyList<NavigationStep> StepsFrom(string requestClass)
    {
        foreach (var (from, steps) in From)
            if (from == requestClass) return steps;
        return [];
    }
}

/// <summary>One way on: to class <see cref="To"/> (null: the session leaves), with its share.</summary>
public sealed record NavigationStep(string? To, double Share);
