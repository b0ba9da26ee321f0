namespace FarmSim.Engine;

/// <summary>
/// A clock in seconds and an event calendar, nothing more: handlers schedule events, and
/// <see cref="Run"/> hands them back in time order.
/// </summary>
public sealed class Simulation
{
    private readonly EventCalendar _calendar = new();

    /// <summary>The current simulated time in seconds.</summary>
    public double Now { get; private set; }

    public long EventsProcessed { get; private set; }

    public int Pending => _calendar.Count;

    /// <summary>Schedules an event <paramref name="delay"/> seconds from now.</summary>
    public void Schedule(double delay, IEventHandler handler, int kind, int arg = 0)
    {
        if (!(delay >= 0)) throw new ArgumentOutOfRangeException(nameof(delay), delay, "A delay must be zero or positive.");
        _calendar.Schedule(Now + delay, handler, kind, arg);
    }

    /// <summary>Schedules an event at absolute time <paramref name="time"/>, which must not be in the past.</summary>
    public void ScheduleAt(double time, IEventHandler handler, int kind, int arg = 0)
    {
        if (!(time >= Now)) throw new ArgumentOutOfRangeException(nameof(time), time, "An event cannot be scheduled in the past.");
        _calendar.Schedule(time, handler, kind, arg);
    }

    /// <summary>
    /// Processes events in time order until the next one would be later than <paramref name="until"/>,
    /// then leaves the clock at <paramref name="until"/>. Events exactly at <paramref name="until"/> are processed.
    /// </summary>
    public void Run(double until, CancellationToken cancellation = default)
    {
        long processed = 0;
        try
        {
            while (_calendar.TryPop(until, out double time, out IEventHandler handler, out int kind, out int arg))
            {
                Now = time;
                handler.Handle(kind, arg);
                // Checking the token costs a volatile read, so look only every 64k events.
                if ((++processed & 0xFFFF) == 0) cancellation.ThrowIfCancellationRequested();
            }
        }
        finally
        {
            EventsProcessed += processed; // also when a handler stops the run
        }
        Now = until;
    }
}
