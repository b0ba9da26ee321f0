using FarmSim.Engine;

namespace FarmSim.Farm.Runtime;

/// <summary>
/// The users' own time limit: a timer per user request (the event's kind carries the request
/// slot's generation, so a timer outliving its request does nothing), and the retries it sends.
/// </summary>
internal sealed class ClientTimer(FarmReplication farm) : IEventHandler
{
    public void Handle(int generation, int id) => farm.GiveUp(id, generation);
}

/// <summary>A user sending a given-up request again: the kind is the app, the argument packs class and tries.</summary>
internal sealed class ClientRetry(FarmReplication farm) : IEventHandler
{
    public static int Pack(short requestClass, int tries) => ((requestClass + 1) << 8) | tries;

    public void Handle(int app, int packed) => farm.Retry(app, (short)((packed >> 8) - 1), packed & 0xFF);
}

/// <summary>A user's response arriving over the user's link, its size / bandwidth after the server finished.</summary>
internal sealed class ResponseDelivery(FarmReplication farm) : IEventHandler
{
    public void Handle(int kind, int id) => farm.Deliver(id);
}
