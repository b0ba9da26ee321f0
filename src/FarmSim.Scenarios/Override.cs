namespace FarmSim.Scenarios;

/// <summary>
/// One <c>key.path=value</c> applied to a scenario before it is read, with where it came from
/// (<c>--set …</c>, <c>--seed 7</c>, <c>--vary …</c>) so that its problems can say so.
/// </summary>
public sealed record Override(string Assignment, string Origin)
{
    public static Override Set(string assignment) => new(assignment, $"--set {assignment}");
}
