using System.Globalization;
using CsvHelper;
using FarmSim.Farm.Metrics;

namespace FarmSim.Reports;

/// <summary><c>timeseries.csv</c>: <c>window_start_s,scope,name,metric,value</c>, the mean over replications per window.</summary>
public static class TimeSeriesCsv
{
    public const string FileName = "timeseries.csv";
    public static readonly string[] Header = ["window_start_s", "scope", "name", "metric", "value"];

    public sealed record Row(double WindowStart, string Scope, string Name, string Metric, double Value);

    public static void Write(string path, TimeSeries series)
    {
        using var writer = new StreamWriter(path);
        using var csv = new CsvWriter(writer, CultureInfo.InvariantCulture);
        foreach (string column in Header) csv.WriteField(column);
        csv.NextRecord();
        foreach (var s in series.Series)
            for (int w = 0; w < series.Windows; w++)
            {
                csv.WriteField(SummaryCsv.Format(series.StartOf(w)));
                csv.WriteField(MetricNames.Of(s.Scope));
                csv.WriteField(s.Name);
                csv.WriteField(s.Metric);
                csv.WriteField(SummaryCsv.Format(s.Values[w]));
                csv.NextRecord();
            }
    }

    public static List<Row> Read(string path)
    {
        using var reader = new StreamReader(path);
        using var csv = new CsvReader(reader, CultureInfo.InvariantCulture);
        var rows = new List<Row>();
        csv.Read();
        csv.ReadHeader();
        while (csv.Read())
            rows.Add(new Row(SummaryCsv.Parse(csv.GetField("window_start_s")), csv.GetField("scope")!, csv.GetField("name")!,
                csv.GetField("metric")!, SummaryCsv.Parse(csv.GetField("value"))));
        return rows;
    }
}
