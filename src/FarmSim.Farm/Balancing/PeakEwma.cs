namespace FarmSim.Farm.Balancing;

/// <summary>
/// <c>peak-ewma</c>: Finagle's and Linkerd's peak EWMA, as tower's <c>PeakEwma</c> defines it. Each
/// member keeps an estimate of its response time, as this balancer measures it: an answer slower
/// than the estimate becomes the estimate at once (the peak), a faster one is averaged in with
/// weight 1 − e^(−elapsed / <c>decay</c>) (10 s by default); between answers the estimate decays
/// the same way toward zero. A member's cost is its estimate times its outstanding requests plus
/// one; two distinct members are drawn at random and the cheaper wins, a tie at random. A member
/// not yet heard from starts at <c>default_rtt</c> (30 ms, Linkerd's). Weights are not used.
/// </summary>
public sealed class PeakEwma : Balancer
{
    private readonly double _decay;
    private readonly double[] _estimate, _at;
    private readonly Random _stream;

    public PeakEwma(int members, Random stream, double decay, double defaultRtt) : base(members)
    {
        _decay = decay;
        _stream = stream;
        _estimate = [.. Enumerable.Repeat(defaultRtt, members)];
        _at = new double[members];
        MeasuresLatency = true;
    }

    public override void Answered(int member, double latency, double now)
    {
        double estimate = _estimate[member];
        _estimate[member] = latency > estimate ? latency : estimate + (latency - estimate) * (1 - Math.Exp(-(now - _at[member]) / _decay));
        _at[member] = now;
    }

    /// <summary>The estimate decayed to now, times outstanding + 1.</summary>
    private double Cost(int member) => _estimate[member] * Math.Exp(-(Now - _at[member]) / _decay) * (Outstanding(member) + 1);

    protected override int Choose() => Cheaper(TwoDistinct(_stream, all: true));

    protected override int ChooseAmongEligible() => Cheaper(TwoDistinct(_stream, all: false));

    private int Cheaper((int A, int B) two)
    {
        var (a, b) = two;
        if (b < 0) return a;
        double costA = Cost(a), costB = Cost(b);
        if (costA != costB) return costA < costB ? a : b;
        return _stream.Next(2) == 0 ? a : b;
    }
}
