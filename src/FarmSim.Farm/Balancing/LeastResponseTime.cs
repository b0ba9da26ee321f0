namespace FarmSim.Farm.Balancing;

/// <summary>
/// <c>least-response-time</c>: IIS ARR's least response time. The member with the lowest recent
/// average response time, as this balancer measures it (from its send to the answer), wins. ARR
/// does not say over what window it averages; FarmSim takes a mean in which each answer's weight
/// decays with e^(−age / <c>window</c>) (10 s by default), so that the last few seconds count
/// most. A member that has not answered within the last <c>window</c> (or ever) and holds nothing
/// averages 0, so that it is tried again (once: without that, a slow server passed over would never
/// be measured again); one that holds requests but has not answered them for a window is taken as
/// slower than any (a hung server does not draw the zone's traffic). Ties go round robin. Weights
/// are not used. Refusals are not answers: they do not enter the average.
/// </summary>
public sealed class LeastResponseTime : Balancer
{
    private readonly double _window;
    private readonly double[] _sum, _weight, _at; // decayed sum of latencies and of weights, as of _at
    private int _next;

    public LeastResponseTime(int members, double window) : base(members)
    {
        _window = window;
        _sum = new double[members];
        _weight = new double[members];
        _at = new double[members];
        MeasuresLatency = true;
    }

    public override void Answered(int member, double latency, double now)
    {
        double decay = Math.Exp(-(now - _at[member]) / _window);
        _sum[member] = _sum[member] * decay + latency;
        _weight[member] = _weight[member] * decay + 1;
        _at[member] = now;
    }

    /// <summary>The decayed mean (its decay to now cancels between sum and weight); with no answer within the window, 0 if idle, else the slowest.</summary>
    private double Average(int member) =>
        _weight[member] > 0 && Now - _at[member] <= _window ? _sum[member] / _weight[member]
        : Outstanding(member) == 0 ? 0 : double.MaxValue;

    protected override int Choose() => Least(all: true);

    protected override int ChooseAmongEligible() => Least(all: false);

    private int Least(bool all)
    {
        int n = Members, best = -1;
        double least = double.PositiveInfinity; // above double.MaxValue: some member is always chosen
        for (int k = 0; k < n; k++)
        {
            int i = _next + k < n ? _next + k : _next + k - n;
            if (!all && !IsEligible(i)) continue;
            double average = Average(i);
            if (average < least)
            {
                least = average;
                best = i;
            }
        }
        _next = best + 1 == n ? 0 : best + 1;
        return best;
    }
}
