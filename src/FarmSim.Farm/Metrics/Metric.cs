namespace FarmSim.Farm.Metrics;

public enum Scope { Farm, Zone, App, Server, Database, Call }

/// <summary>The figures a replication reports for each farm, zone, app and server.</summary>
public enum Metric
{
    Arrivals,
    Completed,
    Rejected,
    RejectedFraction,
    ThroughputRps,
    LatencyMeanMs,
    LatencyP50Ms,
    LatencyP90Ms,
    LatencyP95Ms,
    LatencyP99Ms,
    LatencyMaxMs,
    WaitMeanMs,
    Utilization,
    QueueLengthMean,
    InternalArrivals,
    Timeouts,
    TimeoutFraction,
    Retries,
    CpuUtilization,
    ActiveUsersMean,
    ActiveSessionsMean,
    PagesRps,
    PageTimeMeanMs,
    ThinkMeanMs,
    SessionsStarted,
    SessionPagesMean,
    SessionDurationMeanS,
    /// <summary>Requests lost when their server crashed (in service or queued there); only where servers can fail.</summary>
    Failed,
    /// <summary>The share of the measured period a server was up; only where servers can fail.</summary>
    Availability,
    /// <summary>The mean time from a server's failure (a crash, a pool's restart) to its balancers' finding out; only where one did.</summary>
    DetectionMeanS,
}

public static class MetricNames
{
    public static readonly int Count = Enum.GetValues<Metric>().Length;

    private static readonly string[] Names =
    [
        "arrivals", "completed", "rejected", "rejected_fraction", "throughput_rps",
        "latency_mean_ms", "latency_p50_ms", "latency_p90_ms", "latency_p95_ms", "latency_p99_ms", "latency_max_ms",
        "wait_mean_ms", "utilization", "queue_length_mean", "internal_arrivals", "timeouts", "timeout_fraction", "retries", "cpu_utilization",
        "active_users_mean", "active_sessions_mean", "pages_rps", "page_time_mean_ms", "think_mean_ms",
        "sessions_started", "session_pages_mean", "session_duration_mean_s", "failed", "availability", "detection_mean_s",
    ];

    public static string Of(Metric metric) => Names[(int)metric];

    public static string Of(Scope scope) => scope switch
    {
        Scope.Farm => "farm",
        Scope.Zone => "zone",
        Scope.App => "app",
        Scope.Server => "server",
        Scope.Database => "database",
        Scope.Call => "call",
        _ => throw new ArgumentOutOfRangeException(nameof(scope)),
    };
}
