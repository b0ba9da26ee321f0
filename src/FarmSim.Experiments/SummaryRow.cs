namespace FarmSim.Experiments;

/// <summary>
/// One line of <c>summary.csv</c>: the mean of a metric over the replications that measured it, and
/// the 95% confidence interval of that mean (Student's t; empty with a single replication).
/// </summary>
public sealed record SummaryRow(string Scope, string Name, string Metric, double Value, double Ci95Low, double Ci95High, int Replications)
{
    public double HalfWidth => (Ci95High - Ci95Low) / 2;
}
