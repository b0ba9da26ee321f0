using FarmSim.Engine;
using FarmSim.Farm.Runtime.Users;

namespace FarmSim.Farm.Runtime;

/// <summary>What a server's return, drain and crash do to the requests it holds and to the balancers that send to it.</summary>
internal sealed partial class ServerSide
{
    /// <summary>
    /// Server <paramref name="s"/> is back: where it is a member, it is in its balancers' rotation
    /// again (a drain is over). Balancers that probe will find it healthy; those that do not never
    /// held it unhealthy, unless ARR's live-traffic test did, which only a URL test undoes.
    /// </summary>
    internal void Restart(int s)
    {
        Servers[s].Up();
        foreach (var zone in Zones)
        {
            int m = zone.MemberOf(s);
            if (m < 0) continue;
            zone.Recovered(m);
            zone.UpdateRotation(m);
        }
    }

    /// <summary>
    /// Server <paramref name="s"/> is drained: every balancer that sends to it takes it out of its
    /// rotation now (an administrator's deregistration, not a failed probe); what it holds finishes,
    /// and after <paramref name="delay"/> it stops, losing whatever is left.
    /// </summary>
    internal void Drain(int s, double delay, IEventHandler stop)
    {
        Servers[s].Draining = true;
        foreach (var zone in Zones)
            if (zone.MemberOf(s) is var m and >= 0) zone.UpdateRotation(m);
        _simulation.Schedule(delay, stop, 1, s);
    }

    /// <summary>
    /// Server <paramref name="s"/> crashes: what waited or ran on its cores is lost now; what it had
    /// started (a query, a call, a completion pending) is lost too, and freed when its next event
    /// comes back. Each one's user hears of it now, or its caller goes on without its answer; the
    /// balancers that sent them count them no longer outstanding.
    /// </summary>
    internal void Crash(int s)
    {
        var server = Servers[s];
        foreach (var zone in Zones)
            if (zone.MemberOf(s) is var m and >= 0) zone.Failed(m, _simulation.Now);
        double before = server.CrashedAt; // what an earlier crash lost is its business, not this one's
        var held = server.Crash();
        // First every request lost, then what each loss does: a parent lost with its call must not
        // be freed by that call's failure before its own user has heard of it.
        var lost = new List<(int Id, bool Held)>(held.Count);
        var all = new HashSet<int>(held);
        foreach (int id in held) lost.Add((id, true));
        foreach (int id in Requests.Live())
        {
            ref Request request = ref Requests[id];
            if (request.Server != s || all.Contains(id) || !(request.Start <= server.CrashedAt) || !(request.Start > before)) continue;
            if (request.State is RequestState.Delivering or RequestState.BackingOff) continue;
            lost.Add((id, false));
            all.Add(id);
        }
        var parents = new List<int>();
        var orphaned = new HashSet<int>(); // lost parents whose only pending event was a lost call's answer
        foreach (var (id, _) in lost)
        {
            ref Request request = ref Requests[id];
            var zone = Zones[_proxy.ZoneOf(request.App, request.Arrival)];
            zone.Balancer.Completed(request.Member);
            zone.Passive?.Failed(request.Member); // the connection broke: a 5xx to its balancer
            if (_run.Measuring) server.Tally.Failed++;
            if (!request.IsCall)
            {
                UserSide.Lost(id, release: false);
                continue;
            }
            if (_run.Measuring) _apps[request.App].Tally.Failed++;
            request.State = RequestState.GivenUp; // its own last event, if any, frees it
            if (all.Contains(request.Parent)) orphaned.Add(request.Parent);
            else parents.Add(request.Parent);
        }
        foreach (var (id, isHeld) in lost)
            if (isHeld || orphaned.Contains(id)) Requests.Release(id);
        foreach (int parent in parents) NextCall(parent); // a lost call fails its caller's call; the caller goes on
    }
}
