namespace FarmSim.Farm.Runtime.Workloads;

/// <summary>
/// A source of one app's user requests: it decides when users send them, and hears when each of
/// its pages is over (answered, or failed for good), which a closed user or a session waits for
/// before thinking. <c>visitor</c> is the user or session as the workload numbers them, the number
/// its requests carry.
/// </summary>
internal interface IWorkload
{
    /// <summary>Schedules the first of its requests.</summary>
    void Start();

    void PageOver(int visitor);
}

/// <summary>A workload whose users or sessions are counted: a closed population, or sessions.</summary>
internal interface IHasVisitors
{
    Metrics.VisitorTally Tally { get; }
}
