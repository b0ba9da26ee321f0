using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace FarmSim.Farm.Balancing;

/// <summary>
/// Sticky sessions over a zone's balancer (ARR's client affinity, NGINX's and ALB's cookies,
/// HAProxy's stick table): the first request of a visitor is balanced by the algorithm, and the
/// visitor sticks to the server it got while the balancer sends to that server. A visitor whose
/// server is out, or whose entry has not been used for the time to live, is balanced again and
/// sticks to its new server. Only a visitor's pages pin it (its browser's calls follow), and a
/// visit's end forgets its entry, so the table holds the visitors now in the farm, no more; an
/// entry past its time to live is renewed or forgotten then.
/// </summary>
public sealed class StickySessions(double ttl)
{
    private struct Pin
    {
        public int Member;
        public double Used;
    }

    private readonly Dictionary<long, Pin> _pins = [];

    /// <summary>The key of a user's visitor: its app's workload and its number there.</summary>
    public static long VisitorKey(int app, int visitor) => ((long)app << 32) | (uint)visitor;

    /// <summary>The key of a server-side call's client address, its calling front-end's.</summary>
    public static long ServerKey(int server) => long.MinValue | (uint)server;

    /// <summary>
    /// The member for the visitor's request now: its pin while that is fresh and sent to, else the
    /// balancer's pick (-1: none to send to), which becomes its pin if <paramref name="pins"/>.
    /// </summary>
    public int Follow(long visitor, Balancer balancer, double now, bool pins)
    {
        ref Pin pin = ref CollectionsMarshal.GetValueRefOrNullRef(_pins, visitor);
        bool known = !Unsafe.IsNullRef(ref pin);
        if (known && now - pin.Used <= ttl && balancer.IsEligible(pin.Member))
        {
            pin.Used = now; // a cookie's life and a stick table's expiry run from its last use
            return pin.Member;
        }
        int member = balancer.Pick(); // leaves the table alone, so the reference stays good
        if (member < 0 || !pins && !known) return member;
        if (!known) pin = ref CollectionsMarshal.GetValueRefOrAddDefault(_pins, visitor, out _);
        pin.Member = member;
        pin.Used = now;
        return member;
    }

    /// <summary>Another server took the visitor's request (its own refused it): the cookie now names that one.</summary>
    public void Moved(long visitor, int member, double now)
    {
        ref Pin pin = ref CollectionsMarshal.GetValueRefOrNullRef(_pins, visitor);
        if (Unsafe.IsNullRef(ref pin)) return;
        pin.Member = member;
        pin.Used = now;
    }

    /// <summary>The visit is over: its cookie goes with it.</summary>
    public void Forget(long visitor) => _pins.Remove(visitor);
}
