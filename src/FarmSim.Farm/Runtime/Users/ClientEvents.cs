using FarmSim.Engine;

namespace FarmSim.Farm.Runtime.Users;

/// <summary>
/// The users' own time limit: a timer per user request (the event's kind carries the request
/// slot's generation, so a timer outliving its request does nothing).
/// </summary>
internal sealed class ClientTimer(UserSide users) : IEventHandler
{
    public void Handle(int generation, int id) => users.GiveUp(id, generation);
}

/// <summary>A user sending a given-up request again, once its back-off is over.</summary>
internal sealed class ClientRetry(UserSide users) : IEventHandler
{
    public void Handle(int kind, int id) => users.Retry(id);
}

/// <summary>A user's response arriving over the user's link, its size / bandwidth after the server finished.</summary>
internal sealed class ResponseDelivery(UserSide users) : IEventHandler
{
    public void Handle(int kind, int id) => users.Deliver(id);
}
