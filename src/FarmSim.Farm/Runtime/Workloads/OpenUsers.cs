using System.Runtime.CompilerServices;
using FarmSim.Engine;
using FarmSim.Farm.Runtime.Users;

namespace FarmSim.Farm.Runtime.Workloads;

/// <summary>
/// Open users: requests arrive at the instants of a point process whatever the farm does (a user
/// never waits for an earlier answer before the next one comes), each from a visitor of its own.
/// </summary>
internal sealed class OpenUsers(RunContext run, UserSide users, int app, DemandSource demands, ArrivalTimes times) : IWorkload, IEventHandler
{
    private int _visitors;

    public void Start() => ScheduleAfter(0);

    public void Handle(int kind, int arg)
    {
        ScheduleAfter(run.Simulation.Now);
        int visitor = _visitors++;
        users.Send(app, demands.ChooseClass(), (short)app, page: false, visitor); // nobody waits on an open stream's request to think
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void ScheduleAfter(double now)
    {
        double next = times.Next(now);
        if (next < double.PositiveInfinity) run.Simulation.ScheduleAt(next, this, 0);
    }

    public void PageOver(int visitor)
    {
    }
}
