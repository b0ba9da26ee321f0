using FarmSim.Farm.Topology;

namespace FarmSim.Scenarios;

/// <summary>One combination of a sweep's values, and the scenario it makes.</summary>
public sealed record SweepVariant(int Index, IReadOnlyList<string> Values, Scenario Scenario);

/// <summary>
/// Every combination of the dimensions' values (the first dimension varies slowest), each loaded
/// and checked as a scenario of its own: a value is an override (<c>--vary path=value</c>), and
/// <c>load</c> scales every app's arrival rate. All problems of all variants are reported at once.
/// </summary>
public sealed record SweepPlan(IReadOnlyList<SweepDimension> Dimensions, IReadOnlyList<SweepVariant> Variants)
{
    public static (SweepPlan? Plan, IReadOnlyList<Diagnostic> Diagnostics) Build(
        string scenarioFile, IReadOnlyList<Override> overrides, IReadOnlyList<SweepDimension> dimensions)
    {
        var diagnostics = new List<Diagnostic>();
        var variants = new List<SweepVariant>();
        var combinations = dimensions.Aggregate((IEnumerable<string[]>)[[]], (sofar, d) => sofar.SelectMany(c => d.Values.Select(v => (string[])[.. c, v])));
        foreach (var values in combinations)
        {
            var assignments = new List<Override>(overrides);
            double load = 1;
            for (int d = 0; d < dimensions.Count; d++)
            {
                string origin = $"--vary {dimensions[d].Path}={values[d]}";
                if (dimensions[d].Path == SweepDimension.Load)
                {
                    if (!Units.TryParseFactor(values[d], out load) || !(load > 0))
                        diagnostics.Add(new Diagnostic(origin, 0, 0, Severity.Error, $"'{values[d]}' is not a load factor, expected a number above zero such as 0.8 or 80%"));
                }
                else assignments.Add(new Override($"{dimensions[d].Path}={values[d]}", origin));
            }
            var loaded = ScenarioLoader.LoadFile(scenarioFile, assignments);
            foreach (var diagnostic in loaded.Diagnostics)
                if (!diagnostics.Contains(diagnostic)) diagnostics.Add(diagnostic);
            if (loaded.Scenario is { } scenario)
            {
                var scaled = scenario.Farm.WithLoad(load);
                variants.Add(new SweepVariant(variants.Count, values, scenario with { Farm = scaled }));
            }
        }
        bool failed = diagnostics.Any(d => d.Severity == Severity.Error);
        return (failed ? null : new SweepPlan(dimensions, variants), diagnostics);
    }

    /// <summary>Whole scenarios side by side (farmsim compare): one dimension, "scenario", one value per file.</summary>
    public static (SweepPlan? Plan, IReadOnlyList<Diagnostic> Diagnostics) Compare(IReadOnlyList<string> files, IReadOnlyList<Override> overrides)
    {
        var diagnostics = new List<Diagnostic>();
        var variants = new List<SweepVariant>();
        foreach (string file in files)
        {
            var loaded = ScenarioLoader.LoadFile(file, overrides);
            diagnostics.AddRange(loaded.Diagnostics);
            if (loaded.Scenario is { } scenario) variants.Add(new SweepVariant(variants.Count, [file], scenario));
        }
        // Common random numbers need one seed, one replication count and one period for all.
        if (variants.Count == files.Count && variants.Count > 0)
        {
            var first = variants[0].Scenario.Simulation;
            foreach (var v in variants.Skip(1))
                if (v.Scenario.Simulation with { Window = null } != first with { Window = null })
                    diagnostics.Add(new Diagnostic(v.Values[0], 0, 0, Severity.Warning,
                        $"its simulation settings differ from {files[0]}'s; the comparison uses {files[0]}'s for every scenario, so all share their random numbers"));
            variants = variants.Select(v => v with { Scenario = v.Scenario with { Simulation = first } }).ToList();
        }
        bool failed = diagnostics.Any(d => d.Severity == Severity.Error);
        return (failed ? null : new SweepPlan([new SweepDimension("scenario", files)], variants), diagnostics);
    }
}
