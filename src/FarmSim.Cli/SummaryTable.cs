using System.Globalization;
using FarmSim.Experiments;
using FarmSim.Farm.Topology;
using Spectre.Console;

namespace FarmSim.Cli;

/// <summary>The console's short table: the farm row and one row per app.</summary>
internal static class SummaryTable
{
    public static void Print(Scenario scenario, RunResult result)
    {
        var rows = result.Summary.ToLookup(r => (r.Scope, r.Name));
        var table = new Table().Title($"[bold]{Markup.Escape(scenario.Name)}[/] (mean±95% CI half-width over {result.Settings.Replications} replications)");
        table.AddColumns("scope", "name", "req/s", "mean ms", "p50 ms", "p95 ms", "p99 ms", "rejected %");
        foreach (var column in table.Columns.Skip(2)) column.RightAligned();

        void Add(string scope, string name)
        {
            var metrics = rows[(scope, name)].ToDictionary(r => r.Metric);
            string Cell(string metric, double scale = 1, string format = "F1")
            {
                if (!metrics.TryGetValue(metric, out var row)) return "-";
                string value = (row.Value * scale).ToString(format, CultureInfo.InvariantCulture);
                return double.IsFinite(row.HalfWidth) ? $"{value}±{(row.HalfWidth * scale).ToString(format, CultureInfo.InvariantCulture)}" : value;
            }
            table.AddRow(scope, Markup.Escape(name), Cell("throughput_rps"), Cell("latency_mean_ms"), Cell("latency_p50_ms"),
                Cell("latency_p95_ms"), Cell("latency_p99_ms"), Cell("rejected_fraction", 100, "F2"));
        }

        Add("farm", "farm");
        foreach (var app in scenario.Farm.Apps) Add("app", app.Name);
        // Redirected output has no width; 80 columns would wrap every interval onto two lines.
        if (Console.IsOutputRedirected) AnsiConsole.Profile.Width = 120;
        AnsiConsole.Write(table);
    }
}
