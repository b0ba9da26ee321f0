using FarmSim.Engine;
using FarmSim.Farm.Topology;

namespace FarmSim.Farm.Runtime.Workloads;

/// <summary>A session's way through an app's classes, resolved to class indices: the first page's class, and from each class the next one or leaving.</summary>
internal sealed class Navigation
{
    private readonly record struct Step(bool Leaves, short To, double Cumulative);

    private readonly Step[] _start;
    private readonly Step[][] _from;

    public Navigation(NavigationSpec spec, IReadOnlyList<RequestClassSpec> classes)
    {
        var names = classes.Select(c => c.Name).ToList();
        Step[] Steps(IReadOnlyList<NavigationStep> steps)
        {
            double sum = 0;
            return steps.Select(s => new Step(s.To is null, (short)(s.To is null ? 0 : names.IndexOf(s.To)), sum += s.Share)).ToArray();
        }
        _start = Steps(spec.Start);
        _from = names.Select(name => Steps(spec.StepsFrom(name))).ToArray();
    }

    /// <summary>The class of a visit's first page (the rules make sure a visit does not leave before it).</summary>
    public bool TryFirst(RandomStream stream, out short first) => TryDraw(_start, stream, out first);

    /// <summary>Where a visit goes after a page of class <paramref name="from"/>: false when it leaves.</summary>
    public bool TryNext(short from, RandomStream stream, out short next) => TryDraw(_from[from], stream, out next);

    private static bool TryDraw(Step[] steps, RandomStream stream, out short to)
    {
        to = 0;
        if (steps.Length == 0) return false; // a class with no way on ends the visit
        double u = stream.NextDouble() * steps[^1].Cumulative;
        int i = 0;
        while (i < steps.Length - 1 && u >= steps[i].Cumulative) i++;
        to = steps[i].To;
        return !steps[i].Leaves;
    }
}
