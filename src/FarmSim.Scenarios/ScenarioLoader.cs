using FarmSim.Farm.Topology;
using FarmSim.Scenarios.Sections;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;
using static FarmSim.Scenarios.ScenarioFormat;

namespace FarmSim.Scenarios;

/// <summary>The outcome of loading a scenario: the model when there were no errors, and every problem found.</summary>
public sealed record LoadResult(Scenario? Scenario, IReadOnlyList<Diagnostic> Diagnostics)
{
    /// <summary>The sweep the file describes (its <c>sweep:</c> section), empty when it has none.</summary>
    public IReadOnlyList<SweepDimension> Sweep { get; init; } = [];

    /// <summary>The service-level objectives of its <c>slo:</c> section, for the planner.</summary>
    public IReadOnlyList<Farm.Metrics.ServiceLevel> ServiceLevels { get; init; } = [];

    /// <summary>The SHA-256 of the file's bytes as they were read, when it came from a file.</summary>
    public string? SourceSha256 { get; init; }

    public bool Succeeded => Scenario is not null;
    public IEnumerable<Diagnostic> Errors => Diagnostics.Where(d => d.Severity == Severity.Error);
    public IEnumerable<Diagnostic> Warnings => Diagnostics.Where(d => d.Severity == Severity.Warning);
}

/// <summary>
/// Turns a scenario file into a validated <see cref="Scenario"/>. It reads the whole file before
/// judging it and reports all problems at once, each at its line and column; it never throws on bad
/// input. It also reads the <c>run.json</c> of an earlier run, whose resolved scenario reproduces it.
/// </summary>
public static class ScenarioLoader
{
    public const string DefaultAddress = ProxySpec.DefaultAddress;
    public const int DefaultReplications = 10;
    public const long DefaultSeed = 1;

    /// <summary>The <c>format</c> value that marks a <c>run.json</c>; its scenario is under <see cref="RunScenarioKey"/>.</summary>
    public const string RunFormat = "farmsim-run/1";
    public const string RunScenarioKey = "scenario";

    public static LoadResult LoadFile(string path, IReadOnlyList<Override>? overrides = null)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new LoadResult(null, [new Diagnostic(path, 0, 0, Severity.Error, $"cannot read the file: {e.Message}")]);
        }
        string text = new StreamReader(new MemoryStream(bytes), detectEncodingFromByteOrderMarks: true).ReadToEnd();
        return Load(text, path, overrides) with { SourceSha256 = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)) };
    }

    /// <summary>The most entries one <c>count</c> may stand for.</summary>
    public const int MaxCount = 10_000;

    public static LoadResult Load(string yaml, string file, IReadOnlyList<string> sets) => Load(yaml, file, sets.Select(Override.Set).ToList());

    public static LoadResult Load(string yaml, string file = "<scenario>", IReadOnlyList<Override>? overrides = null)
    {
        var reader = new ScenarioReader(file);
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            reader.Error(e.Start, e.Message.StartsWith("Duplicate key ", StringComparison.Ordinal)
                ? $"key '{e.Message["Duplicate key ".Length..]}' is given twice, expected each key once"
                : $"not valid YAML: {e.Message}{(e.InnerException is null ? "" : " " + e.InnerException.Message)}");
            return new LoadResult(null, reader.Diagnostics);
        }
        catch (InvalidOperationException)
        {
            // Some malformed flow collections make YamlDotNet fail without a position: find it by
            // replaying the parser's events up to the one it could not build on.
            reader.Error(LastGoodMark(yaml), "not valid YAML: the structure breaks here (check brackets, braces and indentation)");
            return new LoadResult(null, reader.Diagnostics);
        }
        if (stream.Documents.Count == 0 || ScenarioReader.IsNull(stream.Documents[0].RootNode))
        {
            reader.Error(new Mark(0, 1, 1), "the file is empty, expected a scenario: a mapping with name, simulation, servers, zones and apps");
            return new LoadResult(null, reader.Diagnostics);
        }
        if (stream.Documents.Count > 1)
            reader.Error(stream.Documents[1].RootNode, "a second YAML document, expected one scenario per file");

        var root = ScenarioOf(stream.Documents[0].RootNode);
        if (root is YamlMappingNode mapping && overrides is { Count: > 0 }) Overrides.Apply(mapping, overrides, reader);

        var scenario = Read(reader, root);
        if (scenario is not null)
        {
            scenario = Sections.ReplaySection.ReadTraces(reader, scenario);
            foreach (var problem in FarmProblems.Of(scenario.Farm, scenario.Simulation))
                reader.ModelError(reader.NodeOf(problem.Path) ?? root, $"'{reader.Written(problem.Path)}' {problem.Message}");
            // Objectives name apps, zones and servers: they are read once the farm is known.
            foreach (var (text, node) in reader.ServiceLevelTexts)
            {
                if (ServiceLevels.Parse(text, scenario.Farm, out string problem) is { } level) reader.ServiceLevels.Add(level);
                else reader.Error(node, $"'slo': {problem}");
            }
            if (reader.ErrorCount == 0) ScenarioWarnings.Warn(reader, scenario, root);
        }

        // The scenario's own lines first (overrides before them), then those of the files it names (a profile's CSV).
        var diagnostics = reader.Diagnostics.OrderBy(d => d.Line == 0 ? 0 : d.File == reader.File ? 1 : 2).ThenBy(d => d.File, StringComparer.Ordinal)
            .ThenBy(d => d.Line).ThenBy(d => d.Column).ToList();
        bool failed = diagnostics.Any(d => d.Severity == Severity.Error);
        return new LoadResult(failed ? null : scenario, diagnostics) { Sweep = reader.Sweep, ServiceLevels = reader.ServiceLevels };
    }

    private static Mark LastGoodMark(string yaml)
    {
        var parser = new Parser(new StringReader(yaml));
        var last = new Mark(0, 1, 1);
        try
        {
            while (parser.MoveNext()) last = parser.Current!.End;
        }
        catch (YamlException e)
        {
            return e.Start;
        }
        catch (InvalidOperationException)
        {
        }
        return last;
    }

    /// <summary>The scenario node: the document itself, or the resolved scenario inside a run.json.</summary>
    private static YamlNode ScenarioOf(YamlNode document) =>
        document is YamlMappingNode map
        && map.Children.TryGetValue(new YamlScalarNode("format"), out var format) && format is YamlScalarNode { Value: RunFormat }
        && map.Children.TryGetValue(new YamlScalarNode(RunScenarioKey), out var inner)
            ? inner
            : document;

    /// <summary>Reads the whole tree, section by section; returns null only when the root is not even a mapping.</summary>
    private static Scenario? Read(ScenarioReader reader, YamlNode root)
    {
        var top = reader.Mapping(root, "", Root);
        if (top is null) return null;

        string name = top.Text("name", required: true, expected: "the scenario's name") ?? "";
        // The name becomes a folder under results/: it must stay one.
        if (name.IndexOfAny(['/', '\\', ':']) >= 0 || name is "." or ".." || name.Any(char.IsControl))
            reader.Error(top.Get("name")!, $"'name' is '{name}', expected a name without '/', '\\' or ':' (it names the results folder)");
        string? description = top.Text("description");
        var settings = SimulationSection.Read(reader, top);
        var proxy = EnvironmentSection.ReadProxy(reader, top);
        var servers = ServerSection.Read(reader, top);
        var zones = ZoneSection.Read(reader, top, proxy.Address);
        var apps = AppSection.Read(reader, top);
        SweepSection.Read(reader, top);
        var databases = DatabaseSection.Read(reader, top);
        var hops = EnvironmentSection.ReadHops(reader, top);
        var client = EnvironmentSection.ReadClient(reader, top);
        var events = EventSection.Read(reader, top);
        return new Scenario(name, description, new FarmSpec(proxy, servers, zones, apps) { Databases = databases, Hops = hops, Client = client, Events = events }, settings);
    }
}
