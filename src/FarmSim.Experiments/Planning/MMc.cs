using MathNet.Numerics.RootFinding;

namespace FarmSim.Experiments.Planning;

/// <summary>
/// The M/M/c queue: Poisson arrivals at rate λ to c servers of rate μ with one shared FIFO queue.
/// The planner's analytic first guess, and its bound: real farms differ (service-time variability,
/// balancers that do not pool their servers, servers shared between zones), which is why the guess
/// is then confirmed by simulation.
/// </summary>
public sealed record MMc(double Lambda, double Mu, int C)
{
    public double OfferedLoad => Lambda / Mu;
    public double Utilization => Lambda / (C * Mu);
    public bool Stable => Utilization < 1;

    /// <summary>Erlang's C formula: the probability that an arrival waits, from the Erlang B recursion.</summary>
    public double ProbabilityOfWaiting
    {
        get
        {
            if (!Stable) return 1;
            double a = OfferedLoad, b = 1;
            for (int k = 1; k <= C; k++) b = a * b / (k + a * b);
            return b / (1 - Utilization * (1 - b));
        }
    }

    public double MeanWait => Stable ? ProbabilityOfWaiting / (C * Mu - Lambda) : double.PositiveInfinity;

    public double MeanResponse => MeanWait + 1 / Mu;

    /// <summary>P(response time &gt; t): the wait is 0 or exponential at rate cμ − λ; the service is exponential at rate μ.</summary>
    public double ResponseTail(double t)
    {
        double pw = ProbabilityOfWaiting, theta = C * Mu - Lambda, mu = Mu;
        double tail = Math.Abs(theta - mu) < 1e-9 * mu
            ? pw * (1 + mu * t) * Math.Exp(-mu * t)
            : pw * (theta * Math.Exp(-mu * t) - mu * Math.Exp(-theta * t)) / (theta - mu);
        return (1 - pw) * Math.Exp(-mu * t) + tail;
    }

    /// <summary>The response-time percentile <paramref name="p"/> (0–100), solved with MathNet's root finder.</summary>
    public double ResponsePercentile(double p)
    {
        if (!Stable) return double.PositiveInfinity;
        double target = 1 - p / 100, high = 1 / Mu;
        while (ResponseTail(high) > target) high *= 2;
        return Brent.FindRoot(t => ResponseTail(t) - target, 0, high, 1e-12);
    }
}
