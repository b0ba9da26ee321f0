using System.Globalization;
using CsvHelper;
using FarmSim.Experiments;

namespace FarmSim.Reports;

/// <summary><c>latency_distribution.csv</c>: <c>scope,name,percentile,latency_ms</c>, over all replications.</summary>
public static class LatencyDistributionCsv
{
    public const string FileName = "latency_distribution.csv";
    public static readonly string[] Header = ["scope", "name", "percentile", "latency_ms"];

    public static void Write(string path, IEnumerable<LatencyDistribution> distributions)
    {
        using var writer = new StreamWriter(path);
        using var csv = new CsvWriter(writer, CultureInfo.InvariantCulture);
        foreach (string column in Header) csv.WriteField(column);
        csv.NextRecord();
        foreach (var d in distributions)
            foreach (var (percentile, latency) in d.Points)
            {
                csv.WriteField(d.Scope);
                csv.WriteField(d.Name);
                csv.WriteField(SummaryCsv.Format(percentile));
                csv.WriteField(SummaryCsv.Format(latency));
                csv.NextRecord();
            }
    }

    public static List<LatencyDistribution> Read(string path)
    {
        using var reader = new StreamReader(path);
        using var csv = new CsvReader(reader, CultureInfo.InvariantCulture);
        var points = new List<(string Scope, string Name, double Percentile, double Latency)>();
        csv.Read();
        csv.ReadHeader();
        while (csv.Read())
            points.Add((csv.GetField("scope")!, csv.GetField("name")!, SummaryCsv.Parse(csv.GetField("percentile")), SummaryCsv.Parse(csv.GetField("latency_ms"))));
        return points.GroupBy(p => (p.Scope, p.Name))
            .Select(g => new LatencyDistribution(g.Key.Scope, g.Key.Name, g.Select(p => (p.Percentile, p.Latency)).ToList()))
            .ToList();
    }
}
