using System.Globalization;
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

    public static void Write(string path, IEnumerable<SummaryRow> rows) => CsvFile.Write(path, Header, csv =>
    {
        foreach (var row in rows) WriteFields(csv, row);
    });

    /// <summary>A row's fields, then the end of the record (sweep.csv puts its parameters before them).</summary>
    public static void WriteFields(CsvHelper.CsvWriter csv, SummaryRow row)
    {
        csv.WriteField(row.Scope);
        csv.WriteField(row.Name);
        csv.WriteField(row.Metric);
        csv.WriteField(CsvFile.Format(row.Value));
        csv.WriteField(CsvFile.Format(row.Ci95Low));
        csv.WriteField(CsvFile.Format(row.Ci95High));
        csv.WriteField(row.Replications);
        csv.NextRecord();
    }

    public static List<SummaryRow> Read(string path) => CsvFile.Read(path, csv => new SummaryRow(
        csv.GetField("scope")!, csv.GetField("name")!, csv.GetField("metric")!,
        CsvFile.Parse(csv.GetField("value")), CsvFile.Parse(csv.GetField("ci95_low")), CsvFile.Parse(csv.GetField("ci95_high")),
        int.Parse(csv.GetField("replications")!, CultureInfo.InvariantCulture)));
}
