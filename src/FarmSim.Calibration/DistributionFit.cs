using FarmSim.Engine.Distributions;
using MathNet.Numerics;
using MathNet.Numerics.Distributions;
using MathNet.Numerics.RootFinding;

namespace FarmSim.Calibration;

/// <summary>An estimated parameter with its standard error (from the Fisher information at the estimate).</summary>
public sealed record Estimate(string Name, double Value, double StandardError);

/// <summary>One family fitted by maximum likelihood: its log-likelihood, AIC and largest distance to the observed CDF.</summary>
public sealed record FamilyFit(DistributionKind Family, DistributionSpec Spec, double LogLikelihood, int Parameters, IReadOnlyList<Estimate> Estimates, double KsDistance)
{
    /// <summary>Akaike's criterion, 2k − 2 ln L: the lower, the better, among fits to the same times.</summary>
    public double Aic => 2 * Parameters - 2 * LogLikelihood;

    public string Name => Family.ToString().ToLowerInvariant();
}

/// <summary>The service-time fits of one app: each family, the observed quantiles, what was chosen and why.</summary>
public sealed record ServiceFit(long Count, long Zeros, IReadOnlyList<FamilyFit> Fits, DistributionSpec Empirical, DistributionSpec Chosen, string ChosenName, string Why)
{
    /// <summary>The best family by AIC, if any could be fitted.</summary>
    public FamilyFit? Best => Fits.Count > 0 ? Fits[0] : null;
}

/// <summary>
/// Fits exponential, lognormal, gamma and Weibull distributions to logged times by maximum
/// likelihood, on the times grouped by whole millisecond. MathNet gives the distributions and the
/// root finding; its own estimators are not used, as LogNormal.Estimate's σ is the n − 1 one (not
/// the MLE) and Weibull.Estimate has no iteration cap. The family of least AIC is chosen when its
/// Kolmogorov–Smirnov distance (at the millisecond edges, where the observed CDF is known exactly)
/// is at most <see cref="GoodFit"/>; otherwise the observed quantiles are (an empirical distribution).
/// </summary>
public static class DistributionFit
{
    /// <summary>The largest KS distance a family may have and still stand for the times: 5 points of the CDF.</summary>
    public const double GoodFit = 0.05;

    /// <summary>The shares at which an empirical distribution keeps the observed quantiles.</summary>
    public static readonly double[] QuantileShares = [0, 0.01, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99, 0.999, 1];

    /// <summary>The fits, or null with fewer than two times.</summary>
    public static ServiceFit? Fit(ServiceTimeHistogram histogram)
    {
        if (histogram.Count < 2) return null;
        var (values, counts) = histogram.Sorted();
        var sample = new Sample(values, counts);
        var fits = new List<FamilyFit> { Exponential(sample) };
        if (values.Length >= 2)
        {
            fits.Add(LogNormalFit(sample));
            if (GammaFit(sample) is { } gamma) fits.Add(gamma);
            if (WeibullFit(sample) is { } weibull) fits.Add(weibull);
        }
        fits.Sort((a, b) => a.Aic.CompareTo(b.Aic));
        var empirical = EmpiricalOf(sample);
        var best = fits[0];
        string few = sample.N < 30 ? $" Only {sample.N} times: any choice is rough." : "";
        if (best.KsDistance <= GoodFit)
            return new ServiceFit(sample.N, histogram.Zeros, fits, empirical, best.Spec, best.Name,
                $"{best.Name} has the least AIC ({best.Aic:0.#}) and is at most {best.KsDistance:0.###} from the observed CDF (KS distance, at most {GoodFit} to fit).{few}");
        return new ServiceFit(sample.N, histogram.Zeros, fits, empirical, empirical, "empirical",
            $"no family fits: the best by AIC, {best.Name}, is {best.KsDistance:0.###} from the observed CDF at worst (KS distance, above {GoodFit}), so the observed quantiles are used.{few}");
    }

    /// <summary>The times as distinct values (seconds) with counts, and the sums the estimators need.</summary>
    private sealed class Sample
    {
        public readonly double[] Values;
        public readonly long[] Counts;
        public readonly long N;
        public readonly double Mean, MeanLog;

        public Sample(double[] values, long[] counts)
        {
            Values = values;
            Counts = counts;
            double sum = 0, sumLog = 0;
            for (int i = 0; i < values.Length; i++)
            {
                N += counts[i];
                sum += counts[i] * values[i];
                sumLog += counts[i] * Math.Log(values[i]);
            }
            Mean = sum / N;
            MeanLog = sumLog / N;
        }

        public double LogLikelihood(Func<double, double> logDensity)
        {
            double sum = 0;
            for (int i = 0; i < Values.Length; i++) sum += Counts[i] * logDensity(Values[i]);
            return sum;
        }

        /// <summary>The largest gap between the observed and the fitted CDF at the millisecond edges the times were logged between.</summary>
        public double KsDistance(Func<double, double> cdf)
        {
            double worst = 0;
            long below = 0;
            for (int i = 0; i < Values.Length; i++)
            {
                double lower = Values[i] - 0.0005, upper = Values[i] + 0.0005;
                worst = Math.Max(worst, Math.Abs((double)below / N - cdf(lower)));
                below += Counts[i];
                worst = Math.Max(worst, Math.Abs((double)below / N - cdf(upper)));
            }
            return worst;
        }
    }

    private static FamilyFit Exponential(Sample s)
    {
        double mean = s.Mean, rate = 1 / mean;
        return new FamilyFit(DistributionKind.Exponential, DistributionSpec.Exponential(mean),
            s.LogLikelihood(x => Math.Log(rate) - rate * x), 1, [new("mean", mean, mean / Math.Sqrt(s.N))],
            s.KsDistance(x => x <= 0 ? 0 : 1 - Math.Exp(-rate * x)));
    }

    private static FamilyFit LogNormalFit(Sample s)
    {
        // μ̂ is the mean of ln x and σ̂² the mean square about it (divided by n: the MLE).
        double mu = s.MeanLog, sum = 0;
        for (int i = 0; i < s.Values.Length; i++) sum += s.Counts[i] * Math.Pow(Math.Log(s.Values[i]) - mu, 2);
        double sigma = Math.Sqrt(sum / s.N);
        double mean = Math.Exp(mu + sigma * sigma / 2), cv = Math.Sqrt(Math.Exp(sigma * sigma) - 1);
        return new FamilyFit(DistributionKind.LogNormal, DistributionSpec.LogNormal(mean, cv),
            s.LogLikelihood(x => LogNormal.PDFLn(mu, sigma, x)), 2,
            [new("mu", mu, sigma / Math.Sqrt(s.N)), new("sigma", sigma, sigma / Math.Sqrt(2.0 * s.N))],
            s.KsDistance(x => x <= 0 ? 0 : LogNormal.CDF(mu, sigma, x)));
    }

    private static FamilyFit? GammaFit(Sample s)
    {
        // ln k − ψ(k) = ln x̄ − mean(ln x): its left side falls from +∞ to 0 as k grows, so one root.
        double target = Math.Log(s.Mean) - s.MeanLog;
        if (!(target > 1e-12)) return null;
        if (!Brent.TryFindRoot(k => Math.Log(k) - SpecialFunctions.DiGamma(k) - target, 1e-4, 1e6, 1e-12, 200, out double shape)) return null;
        double rate = shape / s.Mean;
        var errors = StandardErrors((k, b) => s.LogLikelihood(x => Gamma.PDFLn(k, b, x)), shape, rate);
        if (errors is null) return null;
        return new FamilyFit(DistributionKind.Gamma, DistributionSpec.Gamma(s.Mean, 1 / Math.Sqrt(shape)),
            s.LogLikelihood(x => Gamma.PDFLn(shape, rate, x)), 2,
            [new("shape", shape, errors.Value.First), new("rate", rate, errors.Value.Second)],
            s.KsDistance(x => x <= 0 ? 0 : Gamma.CDF(shape, rate, x)));
    }

    private static FamilyFit? WeibullFit(Sample s)
    {
        // The shape k solves Σ y^k ln y / Σ y^k − 1/k − mean(ln y) = 0, on y = x / x̄ (the equation
        // does not change with the scale, and y keeps y^k in range); the scale is then (mean of x^k)^(1/k).
        var logs = s.Values.Select(v => Math.Log(v / s.Mean)).ToArray();
        double meanLog = s.MeanLog - Math.Log(s.Mean);
        double Equation(double k)
        {
            double top = logs.Max() * k, num = 0, den = 0;
            for (int i = 0; i < logs.Length; i++)
            {
                double w = s.Counts[i] * Math.Exp(k * logs[i] - top);
                num += w * logs[i];
                den += w;
            }
            return num / den - 1 / k - meanLog;
        }
        if (!Brent.TryFindRoot(Equation, 0.02, 50, 1e-10, 200, out double shape)) return null;
        double top = logs.Max() * shape, sum = 0;
        for (int i = 0; i < logs.Length; i++) sum += s.Counts[i] * Math.Exp(shape * logs[i] - top);
        double scale = s.Mean * Math.Exp((top + Math.Log(sum / s.N)) / shape);
        var errors = StandardErrors((k, l) => s.LogLikelihood(x => Weibull.PDFLn(k, l, x)), shape, scale);
        if (errors is null) return null;
        double mean = scale * SpecialFunctions.Gamma(1 + 1 / shape);
        return new FamilyFit(DistributionKind.Weibull, DistributionSpec.Weibull(mean, shape),
            s.LogLikelihood(x => Weibull.PDFLn(shape, scale, x)), 2,
            [new("shape", shape, errors.Value.First), new("scale", scale, errors.Value.Second)],
            s.KsDistance(x => x <= 0 ? 0 : Weibull.CDF(shape, scale, x)));
    }

    /// <summary>
    /// Standard errors of a two-parameter MLE: the square roots of the diagonal of the inverse of the
    /// observed information, the log-likelihood's Hessian (by central differences) negated.
    /// </summary>
    private static (double First, double Second)? StandardErrors(Func<double, double, double> logLikelihood, double a, double b)
    {
        double ha = a * 1e-4, hb = b * 1e-4;
        double f = logLikelihood(a, b);
        double faa = (logLikelihood(a + ha, b) - 2 * f + logLikelihood(a - ha, b)) / (ha * ha);
        double fbb = (logLikelihood(a, b + hb) - 2 * f + logLikelihood(a, b - hb)) / (hb * hb);
        double fab = (logLikelihood(a + ha, b + hb) - logLikelihood(a + ha, b - hb) - logLikelihood(a - ha, b + hb) + logLikelihood(a - ha, b - hb)) / (4 * ha * hb);
        double det = faa * fbb - fab * fab;
        if (!(det > 0) || !(faa < 0)) return null; // not a maximum: no fit to report
        return (Math.Sqrt(-fbb / det), Math.Sqrt(-faa / det));
    }

    /// <summary>The observed quantiles, linear within each logged millisecond.</summary>
    private static DistributionSpec EmpiricalOf(Sample s)
    {
        var points = new List<QuantilePoint>();
        long below = 0;
        int i = 0;
        foreach (double p in QuantileShares)
        {
            double target = p * s.N;
            while (i < s.Values.Length - 1 && below + s.Counts[i] < target)
            {
                below += s.Counts[i];
                i++;
            }
            double lower = s.Values[i] - 0.0005;
            double within = s.Counts[i] > 0 ? Math.Clamp((target - below) / s.Counts[i], 0, 1) : 0;
            double value = lower + within * 0.001;
            if (points.Count > 0 && value < points[^1].Value) value = points[^1].Value;
            points.Add(new QuantilePoint(p, value));
        }
        // The last piece, from the second-to-last share to 100%, ends where its mean is the logged
        // times' mean above that share: one 2-minute timeout among 100,000 answers then adds its own
        // 1.2 ms to the mean, not the minute a straight line to it would.
        double from = points[^2].P, start = points[^2].Value, mass = (1 - from) * s.N, sum = 0, taken = 0;
        for (int k = s.Values.Length - 1; k >= 0 && taken < mass; k--)
        {
            double part = Math.Min(s.Counts[k], mass - taken);
            sum += part * s.Values[k];
            taken += part;
        }
        if (taken > 0) points[^1] = points[^1] with { Value = Math.Max(start, 2 * sum / taken - start) };
        return DistributionSpec.Empirical(points);
    }
}
