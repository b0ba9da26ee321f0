namespace FarmSim.Farm.Runtime;

/// <summary>A request in flight. Lives in a <see cref="RequestTable"/> slot and is passed around by index.</summary>
internal struct Request
{
    public double Arrival;   // when the user sent it (before the hop to the proxy), or the call was made
    public double Demand;    // service time (or CPU demand) at speed 1, drawn at arrival; once used, the current query's start
    public double Start;     // when a worker took it
    public int App;
    public int Member;       // its server's index among the zone balancer's members
    public int Server;
    public short Class;      // its request class, or -1 for a plain (CPU-free) service time
    public short QueriesLeft;
    public int Parent;       // the request whose server-side call this is, or -1 (a user's), -2 (a user's, given up), -3 (a user's, answered and on its way)
    public short CallsLeft;  // how many more times that call is to be made
    public byte CallIndex;   // which of its class's calls it is making
    private byte _tries;     // low nibble: servers that rejected it (zone retries); high nibble: the user's sends before this one

    public int ZoneTries { readonly get => _tries & 0xF; set => _tries = (byte)((_tries & 0xF0) | value); }
    public int ClientTries { readonly get => _tries >> 4; set => _tries = (byte)((_tries & 0x0F) | (value << 4)); }

    /// <summary>Its demand is CPU work, shared among the requests on a server's cores.</summary>
    public readonly bool Cpu => Class >= 0;
}
