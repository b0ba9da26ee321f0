using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using FarmSim.Farm.Topology;

namespace FarmSim.Scenarios;

/// <summary>
/// Writes a scenario as a YAML file a person reads and edits: block style down to the small
/// mappings and lists, which stay on one line as files are written by hand, and comments above
/// the fields they explain (by path, such as <c>apps[0].service</c>). It writes what
/// <see cref="ScenarioWriter"/> resolves, so the file loads back to the same model.
/// </summary>
public static partial class ScenarioYaml
{
    private const int FlowWidth = 100, CommentWidth = 100;

    [GeneratedRegex(@"^[A-Za-z0-9_/.][A-Za-z0-9_./%+\-]*$")]
    private static partial Regex Plain();

    public static string Write(Scenario scenario, IReadOnlyDictionary<string, IReadOnlyList<string>> comments, IEnumerable<string> header)
    {
        var text = new StringBuilder();
        foreach (string line in header) Comment(text, "", line);
        Mapping(text, ScenarioWriter.ToJson(scenario), "", "", comments);
        return text.ToString();
    }

    /// <param name="firstLead">What stands before the first key instead of the indent: a list item's dash.</param>
    private static void Mapping(StringBuilder text, JsonObject json, string indent, string path, IReadOnlyDictionary<string, IReadOnlyList<string>> comments, string? firstLead = null)
    {
        bool first = true;
        foreach (var (key, value) in json)
        {
            string at = path.Length == 0 ? key : $"{path}.{key}";
            if (comments.TryGetValue(at, out var lines))
                foreach (string line in lines) Comment(text, indent, line);
            text.Append(first && firstLead is not null ? firstLead : indent).Append(key).Append(':');
            first = false;
            Value(text, value, indent, at, comments);
        }
    }

    private static void Value(StringBuilder text, JsonNode? value, string indent, string path, IReadOnlyDictionary<string, IReadOnlyList<string>> comments)
    {
        string? flow = Flow(value);
        if (value is not (JsonObject or JsonArray) || (indent.Length + flow!.Length <= FlowWidth && !HasComments(path, comments)))
        {
            text.Append(' ').Append(flow).Append('\n');
            return;
        }
        text.Append('\n');
        if (value is JsonObject o)
        {
            Mapping(text, o, indent + "  ", path, comments);
            return;
        }
        var items = (JsonArray)value;
        for (int i = 0; i < items.Count; i++)
        {
            string at = $"{path}[{i}]";
            string one = Flow(items[i])!;
            if (items[i] is JsonObject item && (indent.Length + 4 + one.Length > FlowWidth || HasComments(at, comments)))
                Mapping(text, item, indent + "    ", at, comments, firstLead: indent + "  - ");
            else text.Append(indent).Append("  - ").Append(one).Append('\n');
        }
    }

    private static bool HasComments(string path, IReadOnlyDictionary<string, IReadOnlyList<string>> comments) =>
        comments.Keys.Any(k => k == path || k.StartsWith(path + ".", StringComparison.Ordinal) || k.StartsWith(path + "[", StringComparison.Ordinal));

    /// <summary>The value on one line, as YAML's flow style writes it.</summary>
    private static string? Flow(JsonNode? value) => value switch
    {
        null => "null",
        JsonObject o => "{ " + string.Join(", ", o.Select(p => $"{p.Key}: {Flow(p.Value)}")) + " }",
        JsonArray a => "[" + string.Join(", ", a.Select(Flow)) + "]",
        JsonValue v when v.TryGetValue(out string? s) => Scalar(s),
        JsonValue v when v.TryGetValue(out double d) => d.ToString("R", CultureInfo.InvariantCulture),
        _ => value.ToJsonString(),
    };

    private static string Scalar(string s) => Plain().IsMatch(s) && s is not ("true" or "false" or "null" or "yes" or "no" or "on" or "off")
        ? s
        : JsonSerializer.Serialize(s, new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

    /// <summary>A comment line, wrapped at the width; its wrapped lines stand in by two.</summary>
    private static void Comment(StringBuilder text, string indent, string line)
    {
        var words = new List<string>();
        int width = 0;
        foreach (string word in line.Split(' '))
        {
            if (words.Count > 0 && indent.Length + width + word.Length + 3 > CommentWidth)
            {
                text.Append(indent).Append("# ").Append(string.Join(' ', words)).Append('\n');
                words = [" "];
                width = 2;
            }
            words.Add(word);
            width += word.Length + 1;
        }
        text.Append(indent).Append("# ").Append(string.Join(' ', words)).Append('\n');
    }
}
