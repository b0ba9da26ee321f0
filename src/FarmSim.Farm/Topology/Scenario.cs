namespace FarmSim.Farm.Topology;

/// <summary>A named farm and how to simulate it: what a scenario file describes once it is validated.</summary>
public sealed record Scenario(string Name, string? Description, FarmSpec Farm, SimulationSettings Simulation);
