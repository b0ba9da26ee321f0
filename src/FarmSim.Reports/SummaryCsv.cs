using System.Globalization;
using CsvHelper;
using FarmSim.Experiments;

namespace FarmSim.Reports;

/// <summary>
/// <c>summary.csv</c>: <c>scope,name,metric,value,ci95_low,ci95_high,replications</c>, one row per
/// (scope, name, metric). Numbers use the invariant culture; an interval that does not exist (one
/// replication) is left empty.
/// </summary>
public static class SummaryCsv
{
    public const string FileName = "summary.csv";

    public static readonly string[] Header = ["scope", "name", "metric", "value", "ci95_low", "ci95_high", "replications"];

    public static void Write(string path, IEnumerable<SummaryRow> rows)
    {
        using var writer = new StreamWriter(path);
        using var csv = new CsvWriter(writer, CultureInfo.InvariantCulture);
        foreach (string column in Header) csv.WriteField(column);
        csv.NextRecord();
        foreach (var row in rows)
        {
            csv.WriteField(row.Scope);
            csv.WriteField(row.Name);
            csv.WriteField(row.Metric);
            csv.WriteField(Format(row.Value));
            csv.WriteField(Format(row.Ci95Low));
            csv.WriteField(Format(row.Ci95High));
            csv.WriteField(row.Replications);
            csv.NextRecord();
        }
    }

    public static List<SummaryRow> Read(string path)
    {
        using var reader = new StreamReader(path);
        using var csv = new CsvReader(reader, CultureInfo.InvariantCulture);
        var rows = new List<SummaryRow>();
        csv.Read();
        csv.ReadHeader();
        while (csv.Read())
        {
            rows.Add(new SummaryRow(
                csv.GetField("scope")!, csv.GetField("name")!, csv.GetField("metric")!,
                Parse(csv.GetField("value")), Parse(csv.GetField("ci95_low")), Parse(csv.GetField("ci95_high")),
                int.Parse(csv.GetField("replications")!, CultureInfo.InvariantCulture)));
        }
        return rows;
    }

    public static string Format(double value) =>
        double.IsFinite(value) ? value.ToString("G10", CultureInfo.InvariantCulture) : "";

    public static double Parse(string? text) =>
        string.IsNullOrEmpty(text) ? double.NaN : double.Parse(text, CultureInfo.InvariantCulture);
}
