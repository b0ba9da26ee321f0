namespace FarmSim.Farm.Balancing;

/// <summary>
/// <c>least-request</c>: Envoy's <c>LEAST_REQUEST</c>. With equal weights, <c>choice_count</c> members
/// (2 by default) drawn uniformly with replacement, and the one with the fewest active requests from
/// this balancer taken, a tie to the first drawn. With unequal weights (slow start's included), a
/// weighted earliest-deadline-first schedule in which a member's weight is
/// weight / (active + 1)^<c>active_request_bias</c> (1 by default) when it is put back after a pick,
/// so that a loaded member's next turn comes later; a bias of 0 is plain weighted round robin. As
/// Envoy rebuilds its schedule when hosts or weights change, the schedule is rebuilt over the
/// members it sends to, of weight above zero, whenever those or the weights change.
/// </summary>
public sealed class EnvoyLeastRequest : Balancer
{
    private readonly int _choices;
    private readonly double _bias;
    private readonly WeightedDraw _draw;
    private readonly (double Deadline, int Member)[] _heap;
    private int _count;           // members in the schedule
    private double _now;          // the schedule's clock: the deadline last popped
    private bool _scheduled;      // the schedule is up to date with the members it sends to and their weights

    public EnvoyLeastRequest(IReadOnlyList<double> weights, Random stream, int choiceCount, double activeRequestBias) : base(weights.Count)
    {
        _choices = choiceCount;
        _bias = activeRequestBias;
        _draw = new WeightedDraw(weights, stream);
        _heap = new (double, int)[weights.Count];
    }

    public override void SetWeightFactor(int member, double factor)
    {
        _draw.SetFactor(member, factor);
        _scheduled = false;
    }

    public override void SetWeight(int member, double weight)
    {
        _draw.SetWeight(member, weight);
        _scheduled = false;
    }

    protected override void EligibilityChanged() => _scheduled = false;

    protected override int Choose() => _draw.EqualWeights ? Least(all: true) : Scheduled();

    protected override int ChooseAmongEligible() => _draw.EqualWeights ? Least(all: false) : Scheduled();

    private int Least(bool all)
    {
        int best = -1;
        for (int d = 0; d < _choices; d++)
        {
            int i = all ? _draw.Next() : _draw.NextAmong(this);
            if (best < 0 || Outstanding(i) < Outstanding(best)) best = i;
        }
        return best;
    }

    /// <summary>The member whose deadline comes first (among those it sends to), put back with its next deadline.</summary>
    private int Scheduled()
    {
        if (!_scheduled)
        {
            _count = 0;
            for (int m = 0; m < Members; m++)
                if (IsEligible(m) && _draw.Weight(m) > 0) _heap[_count++] = (_now + Step(m), m);
            Array.Sort(_heap, 0, _count); // a sorted array is a heap
            _scheduled = true;
        }
        if (_count == 0)
        {
            // Every member it sends to weighs nothing (slow start's first moment): the first of them.
            for (int m = 0; m < Members; m++)
                if (IsEligible(m)) return m;
        }
        var (deadline, member) = _heap[0];
        _now = deadline;
        Replace(_now + Step(member), member);
        return member;
    }

    private double Step(int member) => Math.Pow(Outstanding(member) + 1, _bias) / _draw.Weight(member);

    /// <summary>Replaces the heap's top with a new entry and sifts it down.</summary>
    private void Replace(double deadline, int member)
    {
        int hole = 0, n = _count;
        while (true)
        {
            int child = 2 * hole + 1;
            if (child >= n) break;
            if (child + 1 < n && _heap[child + 1].CompareTo(_heap[child]) < 0) child++;
            if (_heap[child].CompareTo((deadline, member)) >= 0) break;
            _heap[hole] = _heap[child];
            hole = child;
        }
        _heap[hole] = (deadline, member);
    }
}
