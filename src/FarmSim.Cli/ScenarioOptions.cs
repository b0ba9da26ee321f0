using System.CommandLine;
using FarmSim.Scenarios;

namespace FarmSim.Cli;

/// <summary>
/// The options of every command that reads a scenario. The shortcuts (<c>--seed</c>, <c>--duration</c>,
/// …) are <c>--set</c> overrides in disguise, so they are checked exactly like the file.
/// </summary>
internal sealed class ScenarioOptions
{
    public Option<string[]> Set { get; } = new("--set")
    {
        Description = "Override a field of the scenario for this run: key.path=value (repeatable), e.g. --set zones.Intranet.balancer=random, --set apps.AppX.arrival.rate=400/s.",
        Arity = ArgumentArity.OneOrMore,
        AllowMultipleArgumentsPerToken = false,
    };

    public Option<string?> Seed { get; } = new("--seed") { Description = "Override the seed (simulation.seed)." };
    public Option<string?> Replications { get; } = new("--replications", "-r") { Description = "Override the number of replications (simulation.replications)." };
    public Option<string?> Duration { get; } = new("--duration") { Description = "Override the measured duration, with its unit, e.g. 2h (simulation.duration)." };
    public Option<string?> Warmup { get; } = new("--warmup") { Description = "Override the warm-up, with its unit, e.g. 5m (simulation.warmup)." };

    public void AddTo(Command command)
    {
        command.Options.Add(Set);
        command.Options.Add(Seed);
        command.Options.Add(Replications);
        command.Options.Add(Duration);
        command.Options.Add(Warmup);
    }

    /// <summary>The overrides in the order given, shortcuts last; each says where it came from.</summary>
    public List<Override> Overrides(ParseResult parsed)
    {
        var overrides = (parsed.GetValue(Set) ?? []).Select(Override.Set).ToList();
        void Shortcut(Option<string?> option, string path)
        {
            if (parsed.GetValue(option) is { } value) overrides.Add(new Override($"{path}={value}", $"{option.Name} {value}"));
        }
        Shortcut(Seed, "simulation.seed");
        Shortcut(Replications, "simulation.replications");
        Shortcut(Duration, "simulation.duration");
        Shortcut(Warmup, "simulation.warmup");
        return overrides;
    }

    /// <summary>Loads and checks the scenario, printing every problem and warning to stderr.</summary>
    public static LoadResult Load(string file, IReadOnlyList<Override> overrides, bool quiet)
    {
        var loaded = ScenarioLoader.LoadFile(file, overrides);
        foreach (var diagnostic in loaded.Diagnostics)
            if (!quiet || diagnostic.Severity == Severity.Error) Console.Error.WriteLine(diagnostic);
        return loaded;
    }
}
