namespace FarmSim.Farm.Balancing;

/// <summary>
/// <c>power-of-two-choices</c>: two distinct members drawn uniformly at random (never the same one
/// twice, unlike HAProxy's <c>random(2)</c>); the one with fewer outstanding requests from this
/// balancer wins, and a tie goes to either with probability ½. Weights are not used. With one member
/// there is no choice to make.
/// </summary>
public sealed class PowerOfTwoChoices(int members, Random stream) : Balancer(members)
{
    protected override int Choose()
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

    /// <summary>The two are drawn among the members in: the k-th and another of them.</summary>
    protected override int ChooseAmongEligible()
    {
        int n = Eligible;
        int a = stream.Next(n), b = -1;
        if (n > 1)
        {
            b = stream.Next(n - 1);
            if (b >= a) b++;
        }
        int ma = -1, mb = -1;
        for (int i = 0, k = 0; i < Members; i++)
        {
            if (!IsEligible(i)) continue;
            if (k == a) ma = i;
            if (k == b) mb = i;
            k++;
        }
        if (mb < 0) return ma;
        int loadA = Outstanding(ma), loadB = Outstanding(mb);
        if (loadA != loadB) return loadA < loadB ? ma : mb;
        return stream.Next(2) == 0 ? ma : mb;
    }
}
