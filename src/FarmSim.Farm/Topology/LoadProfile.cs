namespace FarmSim.Farm.Topology;

/// <summary>How a profile goes from one point to the next: it holds each point's value until the next (steps), or runs straight to it (linear).</summary>
public enum ProfileShape { Steps, Linear }

/// <summary>A point of a profile: from <see cref="Time"/> (seconds into the run, or into the period) the factor is <see cref="Factor"/>.</summary>
public sealed record ProfilePoint(double Time, double Factor);

/// <summary>A spike: from <see cref="At"/> for <see cref="For"/> seconds the profile's factor is multiplied by <see cref="Factor"/>.</summary>
public sealed record Burst(double At, double For, double Factor)
{
    public double End => At + For;
}

/// <summary>
/// A factor that changes over the run: on an app's arrival rate, on a session rate, or on a number
/// of users. Between points it holds (steps) or runs straight (linear); before the first point it
/// is the first point's value, after the last the last one's. With <see cref="Repeat"/> the points
/// describe one period (their times within it) and the profile repeats every period, as a daily
/// curve does. Bursts multiply it while they last (they do not repeat). The factor is a piecewise
/// linear function of time, so its integral and its inverse have closed forms: what an exact
/// non-homogeneous Poisson process needs.
/// </summary>
public sealed record LoadProfile(ProfileShape Shape, IReadOnlyList<ProfilePoint> Points, double? Repeat = null)
{
    public IReadOnlyList<Burst> Bursts { get; init; } = [];

    /// <summary>A time after which the profile repeats what it did (or, without repeat, stays at its last value), bursts over.</summary>
    public double Horizon
    {
        get
        {
            double last = Math.Max(Repeat ?? 0, Points[^1].Time);
            foreach (var burst in Bursts) last = Math.Max(last, burst.End);
            return last + (Repeat ?? 1);
        }
    }

    /// <summary>The largest factor it ever takes.</summary>
    public double PeakFactor => Peak(0, Horizon);

    /// <summary>A profile that is 1 at all times but for its bursts.</summary>
    public static LoadProfile Flat(IReadOnlyList<Burst> bursts) => new(ProfileShape.Steps, [new ProfilePoint(0, 1)]) { Bursts = bursts };

    /// <summary>The profile without its bursts at <paramref name="t"/>: its value, and its slope there.</summary>
    private (double Value, double Slope) BaseAt(double t)
    {
        if (Repeat is { } period) t -= Math.Floor(t / period) * period;
        var points = Points;
        if (t < points[0].Time) return (points[0].Factor, 0);
        int i = points.Count - 1;
        while (i > 0 && points[i].Time > t) i--;
        if (Shape == ProfileShape.Steps || i == points.Count - 1) return (points[i].Factor, 0);
        var (a, b) = (points[i], points[i + 1]);
        double slope = (b.Factor - a.Factor) / (b.Time - a.Time);
        return (a.Factor + slope * (t - a.Time), slope);
    }

    /// <summary>The product of the bursts going on at <paramref name="t"/>.</summary>
    private double BurstFactorAt(double t)
    {
        double factor = 1;
        foreach (var burst in Bursts)
            if (t >= burst.At && t < burst.End) factor *= burst.Factor;
        return factor;
    }

    /// <summary>The factor at <paramref name="t"/>, bursts included (the value just after t where it jumps).</summary>
    public double At(double t) => BaseAt(t).Value * BurstFactorAt(t);

    /// <summary>
    /// The factor over [<paramref name="from"/>, <paramref name="to"/>) as linear pieces, in order:
    /// every time the factor may jump or bend (a point, in every period; a burst's start or end) starts a new one.
    /// </summary>
    public List<ProfilePiece> Pieces(double from, double to)
    {
        var times = new SortedSet<double> { from, to };
        void Add(double t)
        {
            if (t > from && t < to) times.Add(t);
        }
        if (Repeat is { } period)
        {
            for (double start = Math.Floor(from / period) * period; start < to; start += period)
            {
                Add(start); // a period begins where the last one ended: the factor jumps when the points do not meet
                foreach (var p in Points) Add(start + p.Time);
            }
        }
        else foreach (var p in Points) Add(p.Time);
        foreach (var b in Bursts)
        {
            Add(b.At);
            Add(b.End);
        }
        var pieces = new List<ProfilePiece>(times.Count);
        double? previous = null;
        foreach (double t in times)
        {
            if (previous is { } a)
            {
                // Judged at the piece's middle, away from the breaks where rounding could pick the neighbour.
                double middle = (a + t) / 2, bursts = BurstFactorAt(middle);
                var (value, slope) = BaseAt(middle);
                pieces.Add(new ProfilePiece(a, t, (value - slope * (middle - a)) * bursts, slope * bursts));
            }
            previous = t;
        }
        return pieces;
    }

    /// <summary>The largest factor over [<paramref name="from"/>, <paramref name="to"/>).</summary>
    public double Peak(double from, double to)
    {
        double peak = 0;
        foreach (var piece in Pieces(from, to)) peak = Math.Max(peak, Math.Max(piece.Value, piece.ValueAtEnd));
        return peak;
    }
}

/// <summary>A linear piece of a profile: on [<see cref="Start"/>, <see cref="End"/>) the factor is Value + Slope × (t − Start).</summary>
public readonly record struct ProfilePiece(double Start, double End, double Value, double Slope)
{
    public double ValueAtEnd => Value + Slope * (End - Start);
    public double Integral => (End - Start) * (Value + ValueAtEnd) / 2;
}
