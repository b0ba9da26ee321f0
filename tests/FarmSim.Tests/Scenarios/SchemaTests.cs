using System.Globalization;
using System.Text.Json.Nodes;
using FarmSim.Cli;
using NJsonSchema;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace FarmSim.Tests.Scenarios;

public class SchemaTests
{
    private static string Root => TestContext.CurrentContext.TestDirectory;

    [Test]
    public void The_committed_schema_is_what_farmsim_schema_prints() =>
        Assert.That(File.ReadAllText(Path.Combine(Root, "docs/farmsim.schema.json")), Is.EqualTo(SchemaCommand.Text()),
            "run: ./farmsim schema > docs/farmsim.schema.json");

    public static IEnumerable<string> ExampleScenarios() =>
        Directory.GetFiles(Path.Combine(TestContext.CurrentContext.TestDirectory, "scenarios"), "*.yaml").Select(Path.GetFileName)!;

    [TestCaseSource(nameof(ExampleScenarios))]
    public async Task Every_example_scenario_satisfies_the_schema_and_points_editors_at_it(string file)
    {
        string text = File.ReadAllText(Path.Combine(Root, "scenarios", file));
        Assert.That(text, Does.StartWith("# yaml-language-server: $schema=../docs/farmsim.schema.json"));
        var schema = await JsonSchema.FromJsonAsync(SchemaCommand.Text());
        var errors = schema.Validate(ToJson(text)!.ToJsonString());
        Assert.That(errors.Select(e => $"{e.Path}: {e.Kind}"), Is.Empty);
    }

    [Test]
    public async Task The_schema_rejects_an_unknown_key_and_a_number_without_unit()
    {
        var schema = await JsonSchema.FromJsonAsync(SchemaCommand.Text());
        string yaml = "name: t\nsimulation: { duration: 10 }\nservers: [ { name: a, workers: 1, wrokers: 2 } ]\napps: []\n";
        var errors = Flatten(schema.Validate(ToJson(yaml)!.ToJsonString())).Select(e => $"{e.Path} {e.Kind} {e.Property}").ToList();
        Assert.That(errors, Has.Some.Contains("duration"));
        Assert.That(errors, Has.Some.Contains("wrokers"));
    }

    private static IEnumerable<NJsonSchema.Validation.ValidationError> Flatten(IEnumerable<NJsonSchema.Validation.ValidationError> errors) =>
        errors.SelectMany(e => e is NJsonSchema.Validation.ChildSchemaValidationError child
            ? new[] { e }.Concat(Flatten(child.Errors.SelectMany(kv => kv.Value)))
            : [e]);

    /// <summary>YAML to JSON as a YAML language server sees it: plain scalars that read as numbers are numbers.</summary>
    private static JsonNode? ToJson(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return Convert(stream.Documents[0].RootNode);

        static JsonNode? Convert(YamlNode node) => node switch
        {
            YamlMappingNode m => new JsonObject(m.Children.Select(kv => KeyValuePair.Create(((YamlScalarNode)kv.Key).Value!, Convert(kv.Value)))),
            YamlSequenceNode s => new JsonArray(s.Children.Select(Convert).ToArray()),
            YamlScalarNode { Style: ScalarStyle.Plain, Value: var v } when long.TryParse(v, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long l) => l,
            YamlScalarNode { Style: ScalarStyle.Plain, Value: var v } when double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) => d,
            YamlScalarNode s => s.Value,
            _ => null,
        };
    }
}
