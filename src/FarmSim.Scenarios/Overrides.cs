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
    public static void Apply(YamlMappingNode root, IEnumerable<Override> overrides, ScenarioReader reader)
    {
        foreach (var (assignment, origin) in overrides)
        {
            int equals = assignment.IndexOf('=');
            if (equals <= 0)
            {
                reader.Diagnostics.Add(new Diagnostic(origin, 0, 0, Severity.Error, "expected key.path=value, e.g. --set apps.AppX.arrival.rate=400/s"));
                continue;
            }
            string[] path = assignment[..equals].Trim().Split('.');
            var value = ParseValue(assignment[(equals + 1)..]);
            reader.FromOverride(value, origin);
            string problem = Set(root, path, value, origin, reader);
            if (problem.Length > 0) reader.Diagnostics.Add(new Diagnostic(origin, 0, 0, Severity.Error, problem));
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
        catch (Exception e) when (e is YamlException or InvalidOperationException)
        {
        }
        return new YamlScalarNode(text); // not YAML: let the reader judge it as plain text
    }

    /// <summary>
    /// Walks the path, creating mappings on the way as needed (every node it creates counts as the
    /// override's), and puts the value at its end; returns what went wrong, or "".
    /// </summary>
    private static string Set(YamlMappingNode root, string[] path, YamlNode value, string origin, ScenarioReader reader)
    {
        YamlNode current = root;
        for (int i = 0; i < path.Length; i++)
        {
            string segment = path[i];
            bool last = i == path.Length - 1;
            string at = string.Join('.', path[..(i + 1)]);
            switch (current)
            {
                case YamlMappingNode mapping:
                {
                    var key = new YamlScalarNode(segment);
                    if (last)
                    {
                        reader.FromOverride(key, origin);
                        mapping.Children[key] = value;
                        return "";
                    }
                    mapping.Children.TryGetValue(key, out var next);
                    if (next is null || ScenarioReader.IsNull(next))
                    {
                        // A missing list of zones still holds the implicit Global zone.
                        next = segment == "zones" && path[i + 1] == Farm.Topology.ZoneSpec.Global ? new YamlSequenceNode() : new YamlMappingNode();
                        reader.FromOverride(key, origin);
                        reader.FromOverride(next, origin);
                        mapping.Children[key] = next;
                    }
                    current = next;
                    break;
                }
                case YamlSequenceNode list:
                {
                    string listPath = string.Join('.', path[..i]);
                    bool isIndex = int.TryParse(segment, out int index) && index >= 0;
                    if (last)
                    {
                        // A whole item is replaced by its name or index; an index one past the end appends.
                        int named = list.Children.ToList().FindIndex(c => c is YamlMappingNode m && NameOf(m) == segment);
                        if (named >= 0) index = named;
                        else if (!isIndex || index > list.Children.Count)
                            return $"'{at}': the list '{listPath}' has no item named '{segment}', expected a name or an index from 0 to {list.Children.Count}";
                        if (index == list.Children.Count) list.Add(value);
                        else list.Children[index] = value;
                        return "";
                    }
                    var found = FindItem(list, segment);
                    if (found is null && segment == Farm.Topology.ZoneSpec.Global && listPath == "zones")
                    {
                        found = new YamlMappingNode { { "name", Farm.Topology.ZoneSpec.Global } };
                        reader.FromOverride(found, origin);
                        list.Add(found);
                    }
                    if (found is null)
                    {
                        var names = list.Children.OfType<YamlMappingNode>().Select(NameOf).Where(n => n is not null);
                        return $"'{listPath}' has no item named '{segment}', expected one of {string.Join(", ", names)} or an index from 0 to {list.Children.Count - 1}";
                    }
                    current = found;
                    break;
                }
                default:
                    return $"'{string.Join('.', path[..i])}' is {ScenarioReader.KindOf(current)}, so '{string.Join('.', path)}' cannot be set inside it";
            }
        }
        return "";
    }

    /// <summary>The item named <paramref name="item"/>, or at that index; a scalar item (a server name in a zone's list) is a node too.</summary>
    private static YamlNode? FindItem(YamlSequenceNode list, string item)
    {
        foreach (var child in list.Children)
            if (child is YamlMappingNode mapping && NameOf(mapping) == item) return mapping;
        return int.TryParse(item, out int index) && index >= 0 && index < list.Children.Count ? list.Children[index] : null;
    }

    private static string? NameOf(YamlMappingNode mapping) =>
        mapping.Children.TryGetValue(new YamlScalarNode("name"), out var name) ? (name as YamlScalarNode)?.Value : null;
}
