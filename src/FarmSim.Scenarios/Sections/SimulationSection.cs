using FarmSim.Farm.Topology;

namespace FarmSim.Scenarios.Sections;

/// <summary>Reads the <c>simulation:</c> section: how long and how often.</summary>
internal static class SimulationSection
{
    public static SimulationSettings Read(ScenarioReader reader, Fields top)
    {
        var node = top.Get("simulation", required: true, expected: "a mapping with duration, warmup, replications and seed");
        var fields = node is null ? null : reader.Mapping(node, "simulation", ScenarioFormat.Simulation);
        if (fields is null) return new SimulationSettings(1, 0, 1, ScenarioLoader.DefaultSeed);
        return new SimulationSettings(
            Duration: fields.Duration("duration", required: true) ?? 1,
            Warmup: fields.Duration("warmup") ?? 0,
            Replications: fields.Integer("replications") ?? ScenarioLoader.DefaultReplications,
            Seed: fields.Long("seed") ?? ScenarioLoader.DefaultSeed,
            Window: fields.Duration("window"))
        {
            MaxInFlight = fields.Integer("max_in_flight") ?? SimulationSettings.DefaultMaxInFlight,
        };
    }
}
