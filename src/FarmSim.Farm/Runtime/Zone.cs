using FarmSim.Farm.Balancing;
using FarmSim.Farm.Topology;

namespace FarmSim.Farm.Runtime;

/// <summary>
/// A deployment zone in a running replication: its balancer and its member servers, each with the
/// state of the zone's application pool on it (restarting, then cold) and whether it is in the zone
/// now (a server that joins later is a member from the start, out until it joins).
/// </summary>
internal sealed class Zone
{
    private readonly bool[] _restarting, _gone, _publishing; // _publishing: taken out by a rolling publish
    private readonly double[] _coldSince, _coldFactor, _coldFade; // NaN since: warm
    private readonly double[] _failedAt; // when the member last failed for this zone and its balancer has not yet found out; NaN otherwise

    public Zone(string name, Balancer balancer, FrontEnd[] members, int retries = 0)
    {
        Name = name;
        Balancer = balancer;
        Members = members;
        Retries = retries;
        _restarting = new bool[members.Length];
        _gone = new bool[members.Length];
        _publishing = new bool[members.Length];
        _coldSince = [.. members.Select(_ => double.NaN)];
        _coldFactor = new double[members.Length];
        _coldFade = new double[members.Length];
        _failedAt = [.. members.Select(_ => double.NaN)];
    }

    /// <summary>Sticky sessions on its balancer, if it has them.</summary>
    public StickySessions? Sticky { get; set; }

    /// <summary>Whether its stickiness follows server-side calls too (by their calling front-end's address).</summary>
    public bool StickyCalls { get; set; }

    /// <summary>The balancer's passive check (ARR's live-traffic test, Envoy's outlier detection), if it runs one.</summary>
    public Operations.IPassiveCheck? Passive { get; set; }

    /// <summary>The member failed (crashed, or its pool began a restart) while its balancer sent to it: the clock to detection starts.</summary>
    public void Failed(int member, double now)
    {
        if (Balancer.InRotation(member) && double.IsNaN(_failedAt[member])) _failedAt[member] = now;
    }

    /// <summary>The member is back before or after its balancer found out: no detection is pending.</summary>
    public void Recovered(int member) => _failedAt[member] = double.NaN;

    /// <summary>The balancer's checks have just taken the member out: if it had failed, how long that took is the server's time to detection.</summary>
    public void Detected(int member, double now)
    {
        if (double.IsNaN(_failedAt[member])) return;
        Members[member].RecordDetection(now - _failedAt[member]);
        _failedAt[member] = double.NaN;
    }

    public int Retries { get; }
    public string Name { get; }
    public Balancer Balancer { get; }
    public FrontEnd[] Members { get; }

    /// <summary>A rolling publish waiting for its balancer to have its last batch back; it hears of every round of probes.</summary>
    public Engine.IEventHandler? Publishing { get; set; }

    /// <summary>The member index of server <paramref name="server"/> in this zone, or -1.</summary>
    public int MemberOf(int server)
    {
        for (int m = 0; m < Members.Length; m++)
            if (Members[m].Index == server) return m;
        return -1;
    }

    /// <summary>Whether the member is in the zone now (it has not left, or has joined).</summary>
    public bool Holds(int member) => !_gone[member];

    /// <summary>The member leaves the zone, or joins it: out of the balancer's rotation, or back in.</summary>
    public void SetHolds(int member, bool holds)
    {
        _gone[member] = !holds;
        UpdateRotation(member);
    }

    /// <summary>A rolling publish takes the member out of the balancer's rotation, or puts it back.</summary>
    public void SetPublishing(int member, bool publishing)
    {
        _publishing[member] = publishing;
        UpdateRotation(member);
    }

    /// <summary>The member is in the balancer's rotation unless it has left the zone, is drained, or a publish has it out.</summary>
    public void UpdateRotation(int member) => Balancer.SetInRotation(member, !_gone[member] && !Members[member].Draining && !_publishing[member]);

    /// <summary>Whether the balancer would send to the member on its health alone, panic aside: in its rotation, healthy, not ejected.</summary>
    public bool Serving(int member) => Balancer.InRotation(member) && Balancer.IsHealthy(member) && !Balancer.IsEjected(member);

    /// <summary>The publish of this zone under way, if any; one that comes meanwhile waits for it.</summary>
    public Operations.Publish? Underway { get; set; }

    /// <summary>Publishes of this zone waiting for the one under way, in the order they came.</summary>
    public Queue<Operations.Publish> WaitingPublishes { get; } = new();

    /// <summary>Whether the zone's application pool on the member is restarting: it serves none of the zone's apps.</summary>
    public bool IsRestarting(int member) => _restarting[member];

    public void BeginRestart(int member)
    {
        if (_restarting[member]) return;
        Failed(member, Members[member].Now);
        _restarting[member] = true;
        Members[member].RestartingPools++;
    }

    /// <summary>The pool is up again, cold: its service is slower by the restart's factor, fading out over its fade.</summary>
    public void EndRestart(int member, RestartSpec restart, double now)
    {
        if (_restarting[member])
        {
            Recovered(member);
            _restarting[member] = false;
            Members[member].RestartingPools--;
        }
        if (!(restart.ColdFactor > 1 && restart.ColdFade > 0)) return;
        if (double.IsNaN(_coldSince[member])) Members[member].ColdPools++;
        _coldSince[member] = now;
        _coldFactor[member] = restart.ColdFactor;
        _coldFade[member] = restart.ColdFade;
    }

    /// <summary>How much slower the member serves the zone's apps now: 1 when warm.</summary>
    public double Slowdown(int member, double now)
    {
        if (double.IsNaN(_coldSince[member])) return 1;
        double faded = (now - _coldSince[member]) / _coldFade[member];
        if (faded < 1) return 1 + (_coldFactor[member] - 1) * (1 - faded);
        _coldSince[member] = double.NaN;
        Members[member].ColdPools--;
        return 1;
    }
}
