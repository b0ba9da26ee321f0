using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace FarmSim.Scenarios;

/// <summary>
/// <c>--set key.path=value</c>: replaces (or adds) one field of the scenario before it is read, so an
/// override is checked exactly like the file. Path segments are mapping keys; in a list, a segment
/// names the item (<c>zones.Intranet.balancer</c>) or gives its 0-based index. The value is YAML:
/// <c>400/s</c>, <c>[fe1, fe2]</c> or <c>{ algorithm: random }</c>.
/// </summary>
internal static class Overrides
{
    public static void Apply(YamlMappingNode root, IEnumerable<string> assignments, ScenarioReader reader)
    {
        foreach (string assignment in assignments)
        {
            string origin = $"--set {assignment}";
            int equals = assignment.IndexOf('=');
            if (equals <= 0)
            {
                reader.Diagnostics.Add(new Diagnostic(origin, 0, 0, Severity.Error, "expected key.path=value, e.g. --set apps.AppX.arrival.rate=400/s"));
                continue;
            }
            string[] path = assignment[..equals].Trim().Split('.');
            var value = ParseValue(assignment[(equals + 1)..]);
            reader.FromOverride(value, origin);
            if (Navigate(root, path, origin, reader, out string problem) is { } parent)
            {
                var key = new YamlScalarNode(path[^1]);
                reader.FromOverride(key, origin);
                parent.Children[key] = value;
            }
            else
                reader.Diagnostics.Add(new Diagnostic(origin, 0, 0, Severity.Error, problem));
        }
    }

    private static YamlNode ParseValue(string text)
    {
        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(text));
            if (stream.Documents.Count == 1) return stream.Documents[0].RootNode;
        }
        catch (YamlException)
        {
        }
        return new YamlScalarNode(text); // not YAML: let the reader judge it as plain text
    }

    /// <summary>The mapping that holds the path's last key, creating mappings on the way as needed.</summary>
    private static YamlMappingNode? Navigate(YamlMappingNode root, string[] path, string origin, ScenarioReader reader, out string problem)
    {
        problem = "";
        YamlMappingNode current = root;
        for (int i = 0; i < path.Length - 1; i++)
        {
            string segment = path[i];
            string at = string.Join('.', path[..(i + 1)]);
            current.Children.TryGetValue(new YamlScalarNode(segment), out var next);
            if (next is null || ScenarioReader.IsNull(next))
            {
                // A missing list of zones still holds the implicit Global zone.
                if (segment == "zones" && i + 1 < path.Length - 1 && path[i + 1] == Farm.Topology.ZoneSpec.Global)
                    next = current.Children[new YamlScalarNode(segment)] = new YamlSequenceNode();
                else
                    next = current.Children[new YamlScalarNode(segment)] = new YamlMappingNode();
                reader.FromOverride(next, origin);
            }
            switch (next)
            {
                case YamlMappingNode mapping:
                    current = mapping;
                    break;
                case YamlSequenceNode list when i + 1 < path.Length - 1:
                    string item = path[++i];
                    var found = FindItem(list, item);
                    if (found is null && item == Farm.Topology.ZoneSpec.Global && segment == "zones")
                    {
                        found = new YamlMappingNode { { "name", Farm.Topology.ZoneSpec.Global } };
                        reader.FromOverride(found, origin);
                        list.Add(found);
                    }
                    if (found is null)
                    {
                        var names = list.Children.OfType<YamlMappingNode>().Select(NameOf).Where(n => n is not null);
                        problem = $"'{at}' has no item named '{item}', expected one of {string.Join(", ", names)} or an index from 0 to {list.Children.Count - 1}";
                        return null;
                    }
                    current = found;
                    break;
                default:
                    problem = $"'{at}' is {ScenarioReader.KindOf(next)}, so '{string.Join('.', path)}' cannot be set inside it";
                    return null;
            }
        }
        return current;
    }

    private static YamlMappingNode? FindItem(YamlSequenceNode list, string item)
    {
        foreach (var child in list.Children)
            if (child is YamlMappingNode mapping && NameOf(mapping) == item) return mapping;
        return int.TryParse(item, out int index) && index >= 0 && index < list.Children.Count ? list.Children[index] as YamlMappingNode : null;
    }

    private static string? NameOf(YamlMappingNode mapping) =>
        mapping.Children.TryGetValue(new YamlScalarNode("name"), out var name) ? (name as YamlScalarNode)?.Value : null;
}
