namespace FarmSim.Engine;

/// <summary>
/// Receives the events it scheduled. <paramref name="kind"/> and <paramref name="arg"/> are the
/// handler's own: typically what happened and the index of the object it happened to. Plain ints
/// keep the calendar free of closures and boxing.
/// </summary>
public interface IEventHandler
{
    void Handle(int kind, int arg);
}
