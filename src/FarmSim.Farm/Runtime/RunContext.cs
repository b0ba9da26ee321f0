using FarmSim.Engine;
using FarmSim.Farm.Topology;

namespace FarmSim.Farm.Runtime;

/// <summary>
/// What every part of a running replication shares: the clock and its calendar, the request slots,
/// the run's end, whether the measured period has begun, and the named random streams.
/// </summary>
internal sealed class RunContext(SimulationSettings settings, int replication, int closedUsers = 0)
{
    public Simulation Simulation { get; } = new();

    /// <summary>A closed population cannot grow without end (each user waits for an answer): its users are added to the bound.</summary>
    public RequestTable Requests { get; } = new((int)Math.Min(int.MaxValue, (long)settings.MaxInFlight + closedUsers));
    public double End => settings.End;

    /// <summary>Whether servers can fail in this run: only then are lost requests counted and health checked.</summary>
    public bool CanFail { get; init; }
    public bool Measuring { get; set; }

    /// <summary>A stream of its own for the part called <paramref name="name"/>, the same in every alternative.</summary>
    public RandomStream Stream(string name) => new(settings.Seed, replication, name);
}
