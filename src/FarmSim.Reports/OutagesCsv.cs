using FarmSim.Farm.Metrics;

namespace FarmSim.Reports;

/// <summary>
/// <c>outages.csv</c>: <c>replication,server,down_s,up_s</c>, every time a server was down in each
/// replication (warm-up included; an empty up_s: down to the run's end). Written where servers can
/// fail, so that random failures, which differ by replication, can be shown and reviewed.
/// </summary>
public static class OutagesCsv
{
    public const string FileName = "outages.csv";
    public static readonly string[] Header = ["replication", "server", "down_s", "up_s"];

    public static void Write(string path, IEnumerable<ReplicationResult> replications) => CsvFile.Write(path, Header, csv =>
    {
        foreach (var r in replications)
            foreach (var o in r.Outages)
            {
                csv.WriteField(r.Replication + 1);
                csv.WriteField(o.Server);
                csv.WriteField(CsvFile.Format(o.Down));
                csv.WriteField(double.IsFinite(o.Up) ? CsvFile.Format(o.Up) : "");
                csv.NextRecord();
            }
    });

    public static List<(int Replication, Outage Outage)> Read(string path) =>
        CsvFile.Read(path, csv => (int.Parse(csv.GetField("replication")!, System.Globalization.CultureInfo.InvariantCulture),
            new Outage(csv.GetField("server")!, CsvFile.Parse(csv.GetField("down_s")), CsvFile.Parse(csv.GetField("up_s")))));
}
