namespace FarmSim.Farm.Metrics;

/// <summary>
/// Why a replication stopped before its end: its requests in flight passed the bound (the farm is
/// offered more than it serves, and a queue without limit kept growing). <see cref="Where"/> is the
/// server (or database) with the longest queue then, waiting without a break since <see cref="Since"/>.
/// </summary>
public sealed record Instability(int Replication, double Time, int InFlight, string Where, int Queued, double Since)
{
    public string Message =>
        $"replication {Replication + 1} stopped at {Time:0.#} s with {InFlight:N0} requests in flight (the bound, simulation.max_in_flight): " +
        (Queued > 0
            ? $"{Where}'s queue held {Queued:N0} and had not emptied since {Since:0.#} s. The farm is offered more than it serves; give that queue a limit (queue_limit), or more capacity, or less load"
            : "no queue held them: they were in service, on the wire, or given up and waiting to be sent again (timeouts and retries can multiply the load)");
}
