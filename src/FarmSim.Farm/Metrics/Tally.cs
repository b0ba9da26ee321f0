using HdrHistogram;

namespace FarmSim.Farm.Metrics;

/// <summary>
/// The request counts and response-time distribution of one app or server over the measured period.
/// Latencies go into an HDR histogram with 3 significant digits (relative error below 0.1%), in
/// nanoseconds up to 2^47 ns (39 hours); its memory is fixed, whatever the number of requests.
/// </summary>
public sealed class Tally
{
    private const long HighestNanoseconds = 1L << 47;

    public long Arrivals;
    public long Rejected;
    public long Completed;
    public long Internal;   // arrivals that were server-side calls from other apps
    public long Timeouts;   // answered too late: the proxy's 502, or the user gave up
    public long Retries;    // arrivals that were users sending a timed-out request again
    public long Failed;     // lost when their server crashed
    public double LatencySum;
    public double WaitSum;
    public double LatencyMax;
    public readonly LongHistogram Latency = NewHistogram();

    public static LongHistogram NewHistogram() => new(1, HighestNanoseconds, 3);

    public void RecordCompletion(double latency, double wait)
    {
        Completed++;
        LatencySum += latency;
        WaitSum += wait;
        if (latency > LatencyMax) LatencyMax = latency;
        Latency.RecordValue(Math.Min((long)(latency * 1e9), HighestNanoseconds));
    }

    /// <summary>Adds another tally's counts and distribution into this one.</summary>
    public void Add(Tally other)
    {
        Arrivals += other.Arrivals;
        Rejected += other.Rejected;
        Completed += other.Completed;
        Internal += other.Internal;
        Timeouts += other.Timeouts;
        Retries += other.Retries;
        Failed += other.Failed;
        LatencySum += other.LatencySum;
        WaitSum += other.WaitSum;
        LatencyMax = Math.Max(LatencyMax, other.LatencyMax);
        Latency.Add(other.Latency);
    }

    /// <summary>Writes the request metrics of this tally into <paramref name="values"/>.</summary>
    public void Report(double[] values, double measuredSeconds)
    {
        values[(int)Metric.Arrivals] = Arrivals;
        values[(int)Metric.Completed] = Completed;
        values[(int)Metric.Rejected] = Rejected;
        values[(int)Metric.InternalArrivals] = Internal;
        values[(int)Metric.Timeouts] = Timeouts;
        values[(int)Metric.Retries] = Retries;
        values[(int)Metric.Failed] = Failed;
        values[(int)Metric.TimeoutFraction] = Arrivals > 0 ? (double)Timeouts / Arrivals : 0;
        values[(int)Metric.RejectedFraction] = Arrivals > 0 ? (double)Rejected / Arrivals : 0;
        values[(int)Metric.ThroughputRps] = Completed / measuredSeconds;
        bool any = Completed > 0;
        values[(int)Metric.LatencyMeanMs] = any ? LatencySum / Completed * 1e3 : double.NaN;
        values[(int)Metric.WaitMeanMs] = any ? WaitSum / Completed * 1e3 : double.NaN;
        values[(int)Metric.LatencyMaxMs] = any ? LatencyMax * 1e3 : double.NaN;
        values[(int)Metric.LatencyP50Ms] = Percentile(50);
        values[(int)Metric.LatencyP90Ms] = Percentile(90);
        values[(int)Metric.LatencyP95Ms] = Percentile(95);
        values[(int)Metric.LatencyP99Ms] = Percentile(99);
    }

    private double Percentile(double p) => Completed > 0 ? Latency.GetValueAtPercentile(p) / 1e6 : double.NaN;

    /// <summary>Servers, the database and call edges see no user's timeout or retry: those figures do not apply there.</summary>
    public static void NotUsers(double[] values)
    {
        values[(int)Metric.Timeouts] = double.NaN;
        values[(int)Metric.TimeoutFraction] = double.NaN;
        values[(int)Metric.Retries] = double.NaN;
    }
}
