using FarmSim.Experiments;

namespace FarmSim.Reports;

/// <summary><c>latency_distribution.csv</c>: <c>scope,name,percentile,latency_ms</c>, over all replications.</summary>
public static class LatencyDistributionCsv
{
    public const string FileName = "latency_distribution.csv";
    public static readonly string[] Header = ["scope", "name", "percentile", "latency_ms"];

    public static void Write(string path, IEnumerable<LatencyDistribution> distributions) => CsvFile.Write(path, Header, csv =>
    {
        foreach (var d in distributions)
            foreach (var (percentile, latency) in d.Points)
            {
                csv.WriteField(d.Scope);
                csv.WriteField(d.Name);
                csv.WriteField(CsvFile.Format(percentile));
                csv.WriteField(CsvFile.Format(latency));
                csv.NextRecord();
            }
    });

    public static List<LatencyDistribution> Read(string path) =>
        CsvFile.Read(path, csv => (Scope: csv.GetField("scope")!, Name: csv.GetField("name")!,
                Percentile: CsvFile.Parse(csv.GetField("percentile")), Latency: CsvFile.Parse(csv.GetField("latency_ms"))))
            .GroupBy(p => (p.Scope, p.Name))
            .Select(g => new LatencyDistribution(g.Key.Scope, g.Key.Name, g.Select(p => (p.Percentile, p.Latency)).ToList()))
            .ToList();
}
