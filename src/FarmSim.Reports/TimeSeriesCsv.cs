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

    /// <summary>The rows back as the model's series, window by window in the run's windows.</summary>
    public static TimeSeries ToSeries(IReadOnlyList<Row> rows, Farm.Topology.SimulationSettings settings)
    {
        double window = settings.WindowOrDefault;
        int windows = (int)Math.Ceiling(settings.End / window - 1e-9);
        var series = new List<Series>();
        foreach (var group in rows.GroupBy(r => (r.Scope, r.Name, r.Metric)))
        {
            double[] values = new double[windows], low = new double[windows], high = new double[windows];
            Array.Fill(values, double.NaN);
            Array.Fill(low, double.NaN);
            Array.Fill(high, double.NaN);
            foreach (var r in group)
            {
                int w = (int)Math.Round(r.WindowStart / window);
                if (w < 0 || w >= windows) continue;
                (values[w], low[w], high[w]) = (r.Value, r.Low, r.High);
            }
            // A scope this version does not know (a file from elsewhere) is left out rather than guessed.
            if (Enum.GetValues<Scope>().Where(s => MetricNames.Of(s) == group.Key.Scope).Select(s => (Scope?)s).FirstOrDefault() is not { } scope) continue;
            series.Add(new Series(scope, group.Key.Name, group.Key.Metric, values, low, high));
        }
        return new TimeSeries(window, windows, series);
    }

    public static List<Row> Read(string path) => CsvFile.Read(path, csv => new Row(
        CsvFile.Parse(csv.GetField("window_start_s")), csv.GetField("scope")!, csv.GetField("name")!,
        csv.GetField("metric")!, CsvFile.Parse(csv.GetField("value")), CsvFile.Parse(csv.GetField("ci95_low")), CsvFile.Parse(csv.GetField("ci95_high"))));
}
