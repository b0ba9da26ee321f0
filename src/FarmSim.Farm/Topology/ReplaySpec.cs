namespace FarmSim.Farm.Topology;

/// <summary>
/// An app's arrivals replayed from its logs: the logged instants (seconds into the run, the logs'
/// first minute at 0), optionally with each request's logged time as its demand. <see cref="Factor"/>
/// scales the load: below 1 each logged request is kept with that probability; above 1 each is sent
/// whole-part times, plus once more with the fractional part's probability, the copies within
/// ±<see cref="CopySpread"/> of the original (uniformly) so that they do not arrive in lockstep.
/// Stamps known to a whole second are spread uniformly within it. All of it draws on the app's own
/// replay stream, so it is the same for the same seed.
/// </summary>
public sealed record ReplaySpec(IReadOnlyList<string> Logs, IReadOnlyList<double> Arrivals, IReadOnlyList<float> Demands, double Resolution, bool LoggedDemands, double Factor = 1)
{
    /// <summary>Path patterns (* and ?) whose requests are not replayed: static files, probes.</summary>
    public IReadOnlyList<string> Excludes { get; init; } = [];

    /// <summary>Seconds local time is ahead of UTC in logs that stamp local time.</summary>
    public double UtcOffset { get; init; }

    /// <summary>The log_format of NGINX access logs among them; null when there are none.</summary>
    public string? NginxFormat { get; init; }

    /// <summary>The logs, as a reader names them.</summary>
    public string Source => string.Join(", ", Logs);

    /// <summary>How far from its original a copy may arrive, in seconds either way.</summary>
    public const double CopySpread = 30;

    /// <summary>The logged requests' busiest minute, per second, times the factor: the replay's peak rate.</summary>
    public double PeakRate
    {
        get
        {
            int best = 0;
            for (int i = 0, j = 0; i < Arrivals.Count; i++)
            {
                while (Arrivals[i] - Arrivals[j] >= 60) j++;
                best = Math.Max(best, i - j + 1);
            }
            return best / 60.0 * Factor;
        }
    }
}
