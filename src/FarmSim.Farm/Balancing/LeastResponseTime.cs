namespace FarmSim.Farm.Balancing;

/// <summary>
/// <c>least-response-time</c>: IIS ARR's least response time. The member with the lowest recent
/// average response time, as this balancer measures it (from its send to the answer), wins. ARR
/// does not say over what window it averages; FarmSim takes a mean in which each answer's weight
/// decays with e^(−age / <c>window</c>) (10 s by default), so that the last few seconds count
/// most, and a member that has not answered within the last <c>window</c> (or ever) averages 0, so
/// that it is tried again: without that a slow server, once passed over, would never be measured
/// again. Ties go round robin. Weights are not used.
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

    /// <summary>The decayed mean (its decay to now cancels between sum and weight); 0 with no answer within the window.</summary>
    private double Average(int member) => _weight[member] > 0 && Now - _at[member] <= _window ? _sum[member] / _weight[member] : 0;

    protected override int Choose() => Least(all: true);

    protected override int ChooseAmongEligible() => Least(all: false);

    private int Least(bool all)
    {
        int n = Members, best = -1;
        double least = double.PositiveInfinity;
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
