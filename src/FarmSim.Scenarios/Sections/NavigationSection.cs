using FarmSim.Farm.Topology;
using YamlDotNet.RepresentationModel;

namespace FarmSim.Scenarios.Sections;

/// <summary>
/// Reads a sessions' <c>navigation</c>: <c>start</c> (a class, or classes with shares), then per
/// class the classes a visit goes to next with their shares, <c>leave</c> for leaving. Its keys are
/// the app's class names, so it is read as a free mapping; the model's rules check the names.
/// </summary>
internal static class NavigationSection
{
    public const string Start = "start";

    public static NavigationSpec? Read(ScenarioReader reader, YamlNode node, string path)
    {
        if (node is not YamlMappingNode mapping)
        {
            reader.Error(node, $"'{path}' is {ScenarioReader.KindOf(node)}, expected a mapping of start and classes, each to the classes that follow with shares");
            return null;
        }
        reader.Remember(path, node);
        IReadOnlyList<NavigationStep>? start = null;
        var from = new List<(string, IReadOnlyList<NavigationStep>)>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (keyNode, value) in mapping.Children)
        {
            if (keyNode is not YamlScalarNode { Value: { Length: > 0 } key })
            {
                reader.Error(keyNode, $"'{path}' has the key {ScenarioReader.KindOf(keyNode)}, expected start or a class's name");
                continue;
            }
            if (!seen.Add(key))
            {
                reader.Error(keyNode, $"'{path}' gives {key} twice, expected each class once");
                continue;
            }
            string at = $"{path}.{key}";
            reader.Remember(at, value);
            var steps = Steps(reader, value, at, key == Start);
            if (steps is null) continue;
            if (key == Start) start = steps;
            else from.Add((key, steps));
        }
        if (start is null)
        {
            reader.Error(node, $"'{path}' has no start, expected start: the class of a visit's first page");
            return null;
        }
        return new NavigationSpec(start, from);
    }

    /// <summary>A mapping of class (or leave) to share; for start, also a single class name.</summary>
    private static List<NavigationStep>? Steps(ScenarioReader reader, YamlNode value, string at, bool start)
    {
        if (start && value is YamlScalarNode { Value: { } only } && only.Trim().Length > 0) return [new NavigationStep(only, 1)];
        if (value is not YamlMappingNode steps)
        {
            reader.Error(value, $"'{at}' is {ScenarioReader.KindOf(value)}, expected a mapping of classes to shares, such as {{ Search: 60%, {NavigationSpec.Leave}: 40% }}");
            return null;
        }
        var list = new List<NavigationStep>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (toNode, shareNode) in steps.Children)
        {
            if (toNode is not YamlScalarNode { Value: { Length: > 0 } to } || !seen.Add(to))
            {
                reader.Error(toNode, toNode is YamlScalarNode { Value: { Length: > 0 } twice }
                    ? $"'{at}' goes to {twice} twice, expected each class once"
                    : $"'{at}' has the key {ScenarioReader.KindOf(toNode)}, expected a class's name or {NavigationSpec.Leave}");
                continue;
            }
            reader.Remember($"{at}.{to}", shareNode);
            if (shareNode is YamlScalarNode { Value: { } text } && Units.TryParseFactor(text, out double share))
                list.Add(new NavigationStep(to == NavigationSpec.Leave ? null : to, share));
            else reader.Error(shareNode, $"'{at}.{to}' is {ScenarioReader.KindOf(shareNode)}, expected a share such as 60%");
        }
        return list;
    }
}
