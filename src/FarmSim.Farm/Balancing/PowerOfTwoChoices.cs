namespace FarmSim.Farm.Balancing;

/// <summary>
/// <c>power-of-two-choices</c>: two distinct members drawn uniformly at random (never the same one
/// twice, unlike HAProxy's <c>random(2)</c>); the one with fewer outstanding requests from this
/// balancer wins, and a tie goes to either with probability ½. Weights are not used. With one member
/// there is no choice to make.
/// </summary>
public sealed class PowerOfTwoChoices(int members, Random stream) : Balancer(members)
{
    public override int Pick()
    {
        int n = Members;
        if (n == 1) return 0;
        int a = stream.Next(n);
        int b = stream.Next(n - 1);
        if (b >= a) b++; // skip a: b is uniform over the other n − 1 members
        int loadA = Outstanding(a), loadB = Outstanding(b);
        if (loadA != loadB) return loadA < loadB ? a : b;
        return stream.Next(2) == 0 ? a : b;
    }
}
