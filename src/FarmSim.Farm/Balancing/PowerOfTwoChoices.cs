namespace FarmSim.Farm.Balancing;

/// <summary>
/// <c>power-of-two-choices</c>: two distinct members drawn uniformly at random (never the same one
/// twice, unlike HAProxy's <c>random(2)</c>); the one with fewer outstanding requests from this
/// balancer wins, and a tie goes to either with probability ½. Weights are not used. With one member
/// there is no choice to make.
/// </summary>
public sealed class PowerOfTwoChoices(int members, Random stream) : Balancer(members)
{
    protected override int Choose() => Less(TwoDistinct(stream, all: true));

    /// <summary>The two are drawn among the members in.</summary>
    protected override int ChooseAmongEligible() => Less(TwoDistinct(stream, all: false));

    private int Less((int A, int B) two)
    {
        var (a, b) = two;
        if (b < 0) return a;
        int loadA = Outstanding(a), loadB = Outstanding(b);
        if (loadA != loadB) return loadA < loadB ? a : b;
        return stream.Next(2) == 0 ? a : b;
    }
}
