using FarmSim.Farm.Metrics;

namespace FarmSim.Reports;

/// <summary>
/// <c>timeseries.csv</c>: <c>window_start_s,scope,name,metric,value,ci95_low,ci95_high</c>: per window,
/// the mean over replications and its 95% interval. Windows cover the whole run, warm-up included;
/// the last one ends with the run (run.json gives warm-up and duration).
/// </summary>
public static class TimeSeriesCsv
{
    public const string FileName = "timeseries.csv";
    public static readonly string[] Header = ["window_start_s", "scope", "name", "metric", "value", "ci95_low", "ci95_high"];

    public sealed record Row(double WindowStart, string Scope, string Name, string Metric, double Value, double Low, double High);

    public static void Write(string path, TimeSeries series) => CsvFile.Write(path, Header, csv =>
    {
        foreach (var s in series.Series)
            for (int w = 0; w < series.Windows; w++)
            {
                csv.WriteField(CsvFile.Format(series.StartOf(w)));
                csv.WriteField(MetricNames.Of(s.Scope));
                csv.WriteField(s.Name);
                csv.WriteField(s.Metric);
                csv.WriteField(CsvFile.Format(s.Values[w]));
                csv.WriteField(CsvFile.Format(s.Low?[w] ?? double.NaN));
                csv.WriteField(CsvFile.Format(s.High?[w] ?? double.NaN));
                csv.NextRecord();
            }
    });

    public static List<Row> Read(string path) => CsvFile.Read(path, csv => new Row(
        CsvFile.Parse(csv.GetField("window_start_s")), csv.GetField("scope")!, csv.GetField("name")!,
        csv.GetField("metric")!, CsvFile.Parse(csv.GetField("value")), CsvFile.Parse(csv.GetField("ci95_low")), CsvFile.Parse(csv.GetField("ci95_high"))));
}
