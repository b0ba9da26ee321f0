using FarmSim.Engine.Distributions;

namespace FarmSim.Farm.Topology;

/// <summary>
/// A closed population: <see cref="Count"/> users, each sending a request, waiting for its answer
/// (or for its own timeout), thinking for a time drawn from <see cref="Think"/>, and sending the
/// next. With a <see cref="Profile"/> the number logged in follows Count × the profile's factor
/// (a ramp-up, as in a load test): users join thinking, and leave when their think ends.
/// </summary>
public sealed record ClosedUsersSpec(int Count, DistributionSpec Think)
{
    public const int MaxCount = 10_000_000;

    public LoadProfile? Profile { get; init; }

    /// <summary>How many users are logged in at <paramref name="t"/>.</summary>
    public int CountAt(double t) => Profile is null ? Count : Round(Count * Profile.At(t));

    /// <summary>The most users ever logged in at once.</summary>
    public int PeakCount => Profile is null ? Count : Round(Count * Profile.PeakFactor);

    /// <summary>A number of users from a fractional one: the nearest, halves up.</summary>
    public static int Round(double users) => (int)Math.Min(int.MaxValue, Math.Floor(users + 0.5));
}
