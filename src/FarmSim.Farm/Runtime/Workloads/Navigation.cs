using FarmSim.Engine;
using FarmSim.Farm.Topology;

namespace FarmSim.Farm.Runtime.Workloads;

/// <summary>A session's way through an app's classes, resolved to class indices: the first page's class, and from each class the next one or leaving.</summary>
internal sealed class Navigation
{
    /// <summary>The class index that stands for leaving.</summary>
    public const short Leave = -1;

    private readonly (short To, double Cumulative)[] _start;
    private readonly (short To, double Cumulative)[][] _from;

    public Navigation(NavigationSpec spec, IReadOnlyList<RequestClassSpec> classes)
    {
        var names = classes.Select(c => c.Name).ToList();
        (short, double)[] Steps(IReadOnlyList<NavigationStep> steps)
        {
            double sum = 0;
            return steps.Select(s => ((short)(s.To is null ? Leave : names.IndexOf(s.To)), sum += s.Share)).ToArray();
        }
        _start = Steps(spec.Start);
        _from = names.Select(name => Steps(spec.StepsFrom(name))).ToArray();
    }

    public short First(RandomStream stream) => Draw(_start, stream);

    /// <summary>Where a session goes after a page of class <paramref name="from"/>: a class, or <see cref="Leave"/>.</summary>
    public short Next(short from, RandomStream stream) => Draw(_from[from], stream);

    private static short Draw((short To, double Cumulative)[] steps, RandomStream stream)
    {
        if (steps.Length == 0) return Leave; // a class with no way on ends the visit
        double u = stream.NextDouble() * steps[^1].Cumulative;
        int i = 0;
        while (i < steps.Length - 1 && u >= steps[i].Cumulative) i++;
        return steps[i].To;
    }
}
