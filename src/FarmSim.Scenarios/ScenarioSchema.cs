using System.Text.Json.Nodes;
using static FarmSim.Scenarios.ScenarioFormat;

namespace FarmSim.Scenarios;

/// <summary>
/// The JSON Schema (draft 2020-12) of the scenario format, built from <see cref="ScenarioFormat"/>,
/// for editors: a scenario file that starts with
/// <c># yaml-language-server: $schema=…/farmsim.schema.json</c> gets completion and checking.
/// The loader's checks go further (references between zones, servers and apps, distributions).
/// </summary>
public static class ScenarioSchema
{
    public const string DurationPattern = @"^\s*[+-]?((\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*(us|µs|ms|s|m|h)\s*)+$";
    public const string SizePattern = @"^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*(B|KB|MB|GB)\s*$";
    public const string BandwidthPattern = @"^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*(kbit|Mbit|Gbit|B|KB|MB|GB)\s*/\s*s\s*$";
    public const string RatePattern = @"^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*/\s*(s|m|h)\s*$";
    public const string PercentPattern = @"^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*%\s*$";

    public static JsonObject Build()
    {
        var schema = Object(Root);
        schema.Insert(0, "$schema", "https://json-schema.org/draft/2020-12/schema");
        schema.Insert(1, "$id", "https://farmsim.dev/schema/scenario.json");
        schema.Insert(2, "title", "FarmSim scenario");
        return schema;
    }

    private static JsonObject Object(Section section)
    {
        var properties = new JsonObject();
        foreach (var field in section.Fields)
        {
            var property = Type(field.Type);
            property["description"] = field.Default is null ? field.Description : $"{field.Description} Default: {field.Default}.";
            properties[field.Key] = property;
        }
        var json = new JsonObject
        {
            ["type"] = "object",
            ["description"] = section.Description,
            ["properties"] = properties,
            ["additionalProperties"] = false,
        };
        var required = section.Fields.Where(f => f.Required && section != Server && section != App).Select(f => (JsonNode)f.Key).ToArray();
        // Servers and apps may take required settings from server_defaults and app_defaults; only the name is always required.
        if (section == Server || section == App) required = [(JsonNode)"name"];
        if (required.Length > 0) json["required"] = new JsonArray(required);
        return json;
    }

    private static JsonObject Type(FieldType type) => type switch
    {
        TextType => new JsonObject { ["type"] = "string" },
        ScalarType => new JsonObject { ["type"] = new JsonArray("string", "number", "boolean") },
        IntegerType i => new JsonObject { ["type"] = "integer" }.Also(o =>
        {
            if (i.Minimum != int.MinValue) o["minimum"] = i.Minimum;
            if (i.Maximum is { } maximum) o["maximum"] = maximum;
        }),
        NumberType n => new JsonObject
        {
            ["anyOf"] = new JsonArray(new JsonObject { ["type"] = "number", [n.MinimumIncluded ? "minimum" : "exclusiveMinimum"] = n.ExclusiveMinimum },
                new JsonObject { ["type"] = "string", ["pattern"] = PercentPattern }),
        },
        // A quantity is text with its unit; zero alone needs none.
        DurationType => new JsonObject
        {
            ["anyOf"] = new JsonArray(new JsonObject { ["type"] = "string", ["pattern"] = DurationPattern }, new JsonObject { ["enum"] = new JsonArray(0) }),
        },
        RateType => new JsonObject
        {
            ["anyOf"] = new JsonArray(new JsonObject { ["type"] = "string", ["pattern"] = RatePattern }, new JsonObject { ["enum"] = new JsonArray(0) }),
        },
        SizeType => new JsonObject
        {
            ["anyOf"] = new JsonArray(new JsonObject { ["type"] = "string", ["pattern"] = SizePattern }, new JsonObject { ["enum"] = new JsonArray(0) }),
        },
        BandwidthType => new JsonObject { ["type"] = "string", ["pattern"] = BandwidthPattern },
        ChoiceType c => new JsonObject { ["enum"] = new JsonArray(c.Choices.Select(x => (JsonNode)x).ToArray()) },
        MappingType m => Object(m.Section),
        ListType l => new JsonObject { ["type"] = "array", ["items"] = Type(l.Item) },
        MapType m => new JsonObject { ["type"] = "object", ["additionalProperties"] = Type(m.Value) },
        PairType p => new JsonObject
        {
            ["type"] = "array", ["prefixItems"] = new JsonArray(Type(p.First), Type(p.Second)), ["minItems"] = 2, ["maxItems"] = 2,
        },
        EitherType e => new JsonObject { ["anyOf"] = new JsonArray(e.Alternatives.Select(a => (JsonNode)Type(a)).ToArray()) },
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };
}
