using System.Text.Json.Nodes;

namespace FarmSim.Reports;

/// <summary>
/// <c>run.json</c>: what a run was, so that it can be trusted and repeated later: the scenario as
/// resolved (every default and override applied), the source file's SHA-256, the seed, the number
/// of replications, the FarmSim version and commit, the wall time and the events processed. Running FarmSim on
/// this file reproduces the run.
/// </summary>
public sealed record RunRecord(
    string Format,
    JsonObject Scenario,
    string SourceFile,
    string SourceSha256,
    IReadOnlyList<string> Overrides,
    long Seed,
    int Replications,
    BuildInfo FarmSim,
    double WallSeconds,
    long EventsProcessed)
{
    public const string FileName = "run.json";

    public void Write(string path)
    {
        var json = new JsonObject
        {
            ["format"] = Format,
            ["farmsim_version"] = FarmSim.Version,
            ["farmsim_commit"] = FarmSim.Commit,
            ["source"] = new JsonObject { ["file"] = SourceFile, ["sha256"] = SourceSha256 },
            ["overrides"] = new JsonArray(Overrides.Select(o => (JsonNode)o).ToArray()),
            ["seed"] = Seed,
            ["replications"] = Replications,
            ["wall_time_s"] = Math.Round(WallSeconds, 3),
            ["events_processed"] = EventsProcessed,
            ["scenario"] = Scenario.DeepClone(),
        };
        File.WriteAllText(path, json.ToJsonString(JsonText.Indented) + "\n");
    }
}
