using MathNet.Numerics.Distributions;

namespace FarmSim.Calibration;

/// <summary>
/// Whether arrivals are Poisson within a window: the index of dispersion of counts (variance over
/// mean) in the 10-s bins of each window, so that the profile's changes from window to window do
/// not pass for burstiness. Under Poisson, Σ (n − n̄)² / n̄ over a window's bins is χ² with one
/// less degree of freedom than bins, and the windows' sums add up.
/// </summary>
public sealed record Dispersion(double Index, double PValue, int Windows, string Verdict)
{
    /// <summary>The test's level: a verdict of "not Poisson" is wrong once in a thousand Poisson logs.</summary>
    public const double Level = 0.001;

    /// <param name="windows">The first bin of each full window.</param>
    public static Dispersion Of(string app, ArrivalCounts counts, IEnumerable<long> windows, int binsPerWindow)
    {
        double chi2 = 0, spread = 0, level = 0;
        int df = 0, used = 0;
        foreach (long from in windows)
        {
            long total = counts.InBins(from, binsPerWindow);
            if (total == 0) continue;
            double mean = (double)total / binsPerWindow, squares = 0;
            for (int j = 0; j < binsPerWindow; j++) squares += Math.Pow(counts.InBin(from + j) - mean, 2);
            chi2 += squares / mean;
            spread += squares / (binsPerWindow - 1);
            level += mean;
            df += binsPerWindow - 1;
            used++;
        }
        if (df == 0 || binsPerWindow < 2) return new Dispersion(double.NaN, double.NaN, 0, $"{app}: too few arrivals to test whether they are Poisson.");
        double index = spread / level;
        double upper = 1 - ChiSquared.CDF(df, chi2), lower = ChiSquared.CDF(df, chi2);
        double p = Math.Min(1, 2 * Math.Min(upper, lower));
        string verdict = p >= Level
            ? $"{Possessive(app)} arrivals are Poisson within each window as far as the logs tell (index of dispersion {index:0.00}, p = {p:0.###})."
            : index > 1
                ? $"{Possessive(app)} arrivals are burstier than Poisson by a factor of {index:0.0} (index of dispersion over 10-s counts, p < {Level}): a Poisson model understates its queues."
                : $"{Possessive(app)} arrivals are smoother than Poisson (index of dispersion {index:0.00}, p < {Level}), as paced clients or a load test send them.";
        return new Dispersion(index, p, used, verdict);
    }

    private static string Possessive(string name) => name.EndsWith('s') ? name + "'" : name + "'s";
}
