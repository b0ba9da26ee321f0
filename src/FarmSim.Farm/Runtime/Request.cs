namespace FarmSim.Farm.Runtime;

/// <summary>Where a request is in its life, as far as whoever asked for it is concerned.</summary>
internal enum RequestState : byte
{
    /// <summary>A user's request in the farm; its user waits for the answer.</summary>
    Waiting,
    /// <summary>A user's request its user has given up on (the proxy's 502, or the user's own timeout); its work goes on unseen.</summary>
    GivenUp,
    /// <summary>A user's request the server is done with; the proxy has the whole answer, which travels over the user's link.</summary>
    Delivering,
    /// <summary>A user's request waiting out the back-off before its user sends it again.</summary>
    BackingOff,
    /// <summary>A server-side call; its caller (<see cref="Request.Parent"/>) keeps its worker until the answer.</summary>
    Call,
}

/// <summary>
/// A request in flight. Lives in a <see cref="RequestTable"/> slot and is passed around by index.
/// Its fields are packed into 48 bytes: with a hundred thousand requests in flight, every byte of
/// a request is memory the run walks through.
/// </summary>
internal struct Request
{
    public double Arrival;   // when the user sent it (before the hop to the proxy), or the call was made
    public double Demand;    // service time (or CPU demand) at speed 1, drawn at arrival; once used, the current query's start
    public double Start;     // when a worker took it
    public int App;
    private int _link;       // a call's caller, or the visitor a user's request comes from
    public short Member;     // its server's index among its zone balancer's members
    public short Server;     // its server (FarmProblems keeps servers within a short)
    public short Source;     // the demand source it was drawn from, which its query times come from too
    public short Class;      // its request class, or -1 for a plain (CPU-free) service time
    public short QueriesLeft;
    public short CallsLeft;  // how many more times that call is to be made
    public RequestState State;
    public bool Page;        // a page its workload's user waits on before thinking (not a browser's own call)
    public byte CallIndex;   // which of its class's calls it is making
    private byte _tries;     // low nibble: servers that rejected it (zone retries); high nibble: the user's sends before this one

    /// <summary>For a call (<see cref="RequestState.Call"/>): the request that made it and waits for it.</summary>
    public int Parent { readonly get => _link; set => _link = value; }

    /// <summary>
    /// For a user's request: the user or session it comes from, as its workload numbers them, its
    /// browser's calls included; the number a sticky balancer would follow. Server-side calls carry
    /// no visitor, as they carry no user's cookie.
    /// </summary>
    public int Visitor { readonly get => _link; set => _link = value; }

    public int ZoneTries { readonly get => _tries & 0xF; set => _tries = (byte)((_tries & 0xF0) | value); }

    /// <summary>A new request: no server has rejected it, and it is its user's first send.</summary>
    public void ClearTries() => _tries = 0;

    public int ClientTries { readonly get => _tries >> 4; set => _tries = (byte)((_tries & 0x0F) | (value << 4)); }

    /// <summary>Its demand is CPU work, shared among the requests on a server's cores.</summary>
    public readonly bool Cpu => Class >= 0;

    public readonly bool IsCall => State == RequestState.Call;
}
