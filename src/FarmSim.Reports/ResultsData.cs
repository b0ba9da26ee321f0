using FarmSim.Experiments;
using FarmSim.Farm.Topology;
using FarmSim.Scenarios;

namespace FarmSim.Reports;

/// <summary>
/// Everything a report is drawn from, read back from a results folder's files (never from memory),
/// so that <c>farmsim report</c> on the folder draws exactly what <c>farmsim run</c> drew.
/// </summary>
public sealed record ResultsData(
    Scenario Scenario,
    IReadOnlyList<SummaryRow> Summary,
    IReadOnlyList<TimeSeriesCsv.Row> TimeSeries,
    IReadOnlyList<LatencyDistribution> Distributions)
{
    /// <summary>The scenario's objectives (its slo: section), judged over the measured period and window by window.</summary>
    public IReadOnlyList<Farm.Metrics.ServiceLevel> Objectives { get; init; } = [];

    /// <summary>Every time a server was down, per replication (outages.csv), where servers can fail.</summary>
    public IReadOnlyList<(int Replication, Farm.Metrics.Outage Outage)> Outages { get; init; } = [];

    /// <summary>The time series as the model holds it, rebuilt from timeseries.csv, for the window-by-window checks.</summary>
    public Farm.Metrics.TimeSeries Series => _series ??= TimeSeriesCsv.ToSeries(TimeSeries, Scenario.Simulation);
    private Farm.Metrics.TimeSeries? _series;

    public static ResultsData Load(string folder)
    {
        string runJson = Path.Combine(folder, RunRecord.FileName);
        var missing = new[] { RunRecord.FileName, SummaryCsv.FileName, TimeSeriesCsv.FileName, LatencyDistributionCsv.FileName }
            .Where(f => !File.Exists(Path.Combine(folder, f))).ToList();
        if (missing.Count > 0)
            throw new InvalidDataException($"'{folder}' is not a complete results folder: {string.Join(", ", missing)} missing");
        var loaded = ScenarioLoader.LoadFile(runJson);
        if (loaded.Scenario is null)
            throw new InvalidDataException($"{runJson} does not hold a valid scenario: {string.Join("; ", loaded.Errors)}");
        return new ResultsData(loaded.Scenario,
            SummaryCsv.Read(Path.Combine(folder, SummaryCsv.FileName)),
            TimeSeriesCsv.Read(Path.Combine(folder, TimeSeriesCsv.FileName)),
            LatencyDistributionCsv.Read(Path.Combine(folder, LatencyDistributionCsv.FileName)))
        {
            Objectives = loaded.ServiceLevels,
            Outages = File.Exists(Path.Combine(folder, OutagesCsv.FileName)) ? OutagesCsv.Read(Path.Combine(folder, OutagesCsv.FileName)) : [],
        };
    }

    public SummaryRow? Row(string scope, string name, string metric) =>
        Summary.FirstOrDefault(r => r.Scope == scope && r.Name == name && r.Metric == metric);

    public double Value(string scope, string name, string metric) => Row(scope, name, metric)?.Value ?? double.NaN;
}
