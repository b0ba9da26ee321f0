using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;
using static FarmSim.Scenarios.ScenarioFormat;

namespace FarmSim.Scenarios;

/// <summary>
/// Reads typed values out of a YAML node tree while collecting every problem with its position,
/// instead of stopping at the first one. It remembers where each field path
/// (<c>apps[0].service.mean</c>) was written, so that problems found later, on the model, can point
/// there; and which nodes came from a <c>--set</c> override, so that those point at the override.
/// </summary>
internal sealed class ScenarioReader(string file)
{
    private readonly Dictionary<string, YamlNode> _positions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _aliases = new(StringComparer.Ordinal);
    private readonly Dictionary<YamlNode, string> _overrides = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<YamlNode, List<string>> _reported = new(ReferenceEqualityComparer.Instance);

    public string File { get; } = file;
    public List<Diagnostic> Diagnostics { get; } = [];
    public List<SweepDimension> Sweep { get; } = [];
    public List<(string Text, YamlNode Node)> ServiceLevelTexts { get; } = [];
    public List<Farm.Metrics.ServiceLevel> ServiceLevels { get; } = [];

    /// <summary>
    /// Reports a problem at a node, once: a default inherited by many entries is one mistake, not
    /// one per entry.
    /// </summary>
    public void Error(YamlNode at, string message) => Add(at, Severity.Error, message);

    /// <summary>
    /// Reports a problem the model's rules found, unless its node already has one: a field that
    /// could not be read stands in the model as a placeholder, and the rules would only complain
    /// about the placeholder.
    /// </summary>
    public void ModelError(YamlNode at, string message)
    {
        if (!_reported.ContainsKey(at)) Add(at, Severity.Error, message);
    }

    public void Warning(YamlNode at, string message) => Add(at, Severity.Warning, message);

    /// <summary>A problem in another file the scenario names, such as a profile's CSV.</summary>
    public void Error(string file, int line, int column, string message)
    {
        // Once: a file read again (a profile in app_defaults, inherited by every app) is one mistake.
        var diagnostic = new Diagnostic(file, line, column, Severity.Error, message);
        if (!Diagnostics.Contains(diagnostic)) Diagnostics.Add(diagnostic);
    }

    /// <summary>A problem with no node to point at, such as a YAML syntax error.</summary>
    public void Error(Mark at, string message) =>
        Diagnostics.Add(new Diagnostic(File, (int)at.Line, (int)at.Column, Severity.Error, message));

    private void Add(YamlNode at, Severity severity, string message)
    {
        if (!_reported.TryGetValue(at, out var messages)) _reported[at] = messages = [];
        if (messages.Contains(message)) return;
        messages.Add(message);
        Diagnostics.Add(_overrides.TryGetValue(at, out string? origin)
            ? new Diagnostic(origin, 0, 0, severity, message)
            : new Diagnostic(File, (int)at.Start.Line, (int)at.Start.Column, severity, message));
    }

    /// <summary>How many errors have been reported so far.</summary>
    public int ErrorCount => Diagnostics.Count(d => d.Severity == Severity.Error);

    /// <summary>Marks a node (and all inside it) as written by an override rather than the file.</summary>
    public void FromOverride(YamlNode node, string origin)
    {
        foreach (var inner in node.AllNodes) _overrides[inner] = origin;
    }

    public void Remember(string path, YamlNode node) => _positions[path] = node;

    /// <summary>Problems about <paramref name="modelPath"/> are to be shown at <paramref name="filePath"/> (expanded servers).</summary>
    public void Alias(string modelPath, string filePath) => _aliases[modelPath] = filePath;

    private readonly Dictionary<string, string> _renames = new(StringComparer.Ordinal);

    /// <summary>
    /// <paramref name="modelPath"/> is written <paramref name="filePath"/> in the file, and messages
    /// say so too (the model's database[0] is the file's one database mapping).
    /// </summary>
    public void Rename(string modelPath, string filePath)
    {
        Alias(modelPath, filePath);
        _renames[modelPath] = filePath;
    }

    /// <summary>A model path as the file writes it.</summary>
    public string Written(string path)
    {
        foreach (var (model, written) in _renames)
            if (path == model || path.StartsWith(model + ".", StringComparison.Ordinal))
                return written + path[model.Length..];
        return path;
    }

    /// <summary>The node <paramref name="path"/> was read from, or null if it was not written.</summary>
    public YamlNode? WrittenNodeOf(string path) => _positions.GetValueOrDefault(path);

    /// <summary>The node <paramref name="path"/> was read from, or that of the nearest enclosing path.</summary>
    public YamlNode? NodeOf(string path)
    {
        foreach (var (model, written) in _aliases)
            if (path == model || path.StartsWith(model + ".", StringComparison.Ordinal) || path.StartsWith(model + "[", StringComparison.Ordinal))
            {
                path = written + path[model.Length..];
                break;
            }
        for (string p = path; p.Length > 0; p = Parent(p))
            if (_positions.TryGetValue(p, out var node)) return node;
        return _positions.GetValueOrDefault("");
    }

    private static string Parent(string path)
    {
        int cut = Math.Max(path.LastIndexOf('.'), path.LastIndexOf('['));
        return cut > 0 ? path[..cut] : "";
    }

    /// <summary>Opens a mapping of <paramref name="section"/>; null (and an error) if the node is not a mapping.</summary>
    public Fields? Mapping(YamlNode node, string path, Section section, Fields? defaults = null)
    {
        Remember(path, node);
        if (node is YamlMappingNode mapping) return new Fields(this, mapping, path, section, defaults);
        Error(node, $"{Describe(path, section.Name)} is {KindOf(node)}, expected a mapping of {string.Join(", ", section.Keys)}");
        return null;
    }

    /// <summary>The items of a sequence; empty (and an error) if the node is not one.</summary>
    public IReadOnlyList<YamlNode> Sequence(YamlNode node, string path)
    {
        Remember(path, node);
        if (node is YamlSequenceNode sequence) return sequence.Children.ToList();
        Error(node, $"'{path}' is {KindOf(node)}, expected a list");
        return [];
    }

    public static string Describe(string path, string what) => path.Length == 0 ? $"the {what}" : $"'{path}'";

    public static string KindOf(YamlNode node) => node switch
    {
        _ when IsNull(node) => "empty",
        YamlScalarNode s => $"'{s.Value}'",
        YamlSequenceNode => "a list",
        YamlMappingNode => "a mapping",
        _ => "an alias",
    };

    public static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: ScalarStyle.Plain, Value: null or "" or "~" or "null" };
}

/// <summary>
/// The fields of one YAML mapping, read with their types and units checked. A field the mapping
/// does not give is taken from its defaults mapping (<c>server_defaults</c>, …) when there is one.
/// </summary>
internal sealed class Fields
{
    private readonly ScenarioReader _reader;
    private readonly YamlMappingNode _node;
    private readonly string _path;
    private readonly Fields? _defaults;
    private readonly Dictionary<string, YamlNode> _values = new(StringComparer.Ordinal);

    public Fields(ScenarioReader reader, YamlMappingNode node, string path, Section section, Fields? defaults)
    {
        _reader = reader;
        _node = node;
        _path = path;
        _defaults = defaults;
        string[] known = section.Keys;
        foreach (var (keyNode, value) in node.Children)
        {
            string key = (keyNode as YamlScalarNode)?.Value ?? "";
            if (!known.Contains(key))
            {
                string where = path.Length == 0 ? "at the top level" : $"in '{path}'";
                string? nearest = Suggest.Nearest(key, known);
                string hint = nearest is null ? $"expected one of {string.Join(", ", known)}" : $"did you mean '{nearest}'? (expected one of {string.Join(", ", known)})";
                reader.Error(keyNode, $"unknown key '{key}' {where}, {hint}");
                continue;
            }
            _values[key] = value;
            reader.Remember(Child(key), value);
        }
    }

    public YamlMappingNode Node => _node;

    public string Child(string key) => _path.Length == 0 ? key : $"{_path}.{key}";

    /// <summary>Where the value of <paramref name="key"/> was written: here, or in the defaults it was inherited from.</summary>
    private string WrittenAt(string key) => HasOwn(key) || _defaults is null ? Child(key) : _defaults.WrittenAt(key);

    private bool HasOwn(string key) => _values.TryGetValue(key, out var v) && !ScenarioReader.IsNull(v);

    public bool Has(string key) => HasOwn(key) || (_defaults?.Has(key) ?? false);

    /// <summary>The node at <paramref name="key"/> (its own, else its defaults'), or null; reports a missing required field.</summary>
    public YamlNode? Get(string key, bool required = false, string? expected = null)
    {
        if (HasOwn(key)) return _values[key];
        if (_defaults?.Get(key) is { } inherited)
        {
            _reader.Remember(Child(key), inherited);
            return inherited;
        }
        if (required)
        {
            var at = _values.TryGetValue(key, out var empty) ? empty : _node;
            string where = _path.Length == 0 ? "the scenario" : $"'{_path}'";
            _reader.Error(at, $"missing required field '{key}' in {where}{(expected is null ? "" : $", expected {expected}")}");
        }
        return null;
    }

    public string? Text(string key, bool required = false, string expected = "a text")
    {
        var node = Get(key, required, expected);
        if (node is null) return null;
        if (node is YamlScalarNode { Value: { } value })
        {
            if (value.Trim().Length > 0) return value;
            _reader.Error(node, $"'{WrittenAt(key)}' is empty, expected {expected}");
            return null;
        }
        _reader.Error(node, $"'{WrittenAt(key)}' is {ScenarioReader.KindOf(node)}, expected {expected}");
        return null;
    }

    /// <summary>One of a fixed set of words.</summary>
    public string? Choice(string key, IReadOnlyList<string> choices)
    {
        string expected = "one of " + string.Join(", ", choices);
        string? text = Text(key, expected: expected);
        if (text is null || choices.Contains(text)) return text;
        _reader.Error(Get(key)!, $"'{WrittenAt(key)}' is '{text}', expected {expected}");
        return null;
    }

    public double? Duration(string key, bool required = false) =>
        Parsed(key, required, Units.DurationHint, (string s, out double v) => Units.TryParseDuration(s, out v));

    public double? Size(string key, bool required = false) =>
        Parsed(key, required, Units.SizeHint, (string s, out double v) => Units.TryParseSize(s, out v));

    public double? Bandwidth(string key, bool required = false) =>
        Parsed(key, required, Units.BandwidthHint, (string s, out double v) => Units.TryParseBandwidth(s, out v));

    public double? Rate(string key, bool required = false) =>
        Parsed(key, required, Units.RateHint, (string s, out double v) => Units.TryParseRate(s, out v));

    /// <summary>A dimensionless factor: a number, or a percentage.</summary>
    public double? Number(string key, bool required = false) =>
        Parsed(key, required, Units.FactorHint, (string s, out double v) => Units.TryParseFactor(s, out v));

    public int? Integer(string key, bool required = false)
    {
        double? value = Parsed(key, required, "a whole number", (string s, out double v) =>
        {
            bool ok = int.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int i);
            v = i;
            return ok;
        });
        return value is null ? null : (int)value.Value;
    }

    /// <summary>A 64-bit whole number, such as a seed (read as text: a double cannot hold every long).</summary>
    public long? Long(string key, bool required = false)
    {
        string? text = Text(key, required, "a whole number");
        if (text is null) return null;
        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long value)) return value;
        _reader.Error(Get(key)!, $"'{WrittenAt(key)}' is '{text}', expected a whole number");
        return null;
    }

    private delegate bool TryParse(string text, out double value);

    private double? Parsed(string key, bool required, string expected, TryParse parse)
    {
        var node = Get(key, required, expected);
        if (node is null) return null;
        if (node is YamlScalarNode { Value: { } text } && parse(text, out double value)) return value;
        _reader.Error(node, $"'{WrittenAt(key)}' is {ScenarioReader.KindOf(node)}, expected {expected}");
        return null;
    }
}

/// <summary>The nearest valid name to a misspelt one, for "did you mean" hints.</summary>
internal static class Suggest
{
    public static string? Nearest(string given, IEnumerable<string> candidates)
    {
        string? best = null;
        int bestDistance = int.MaxValue;
        foreach (string candidate in candidates)
        {
            int d = Distance(given.ToLowerInvariant(), candidate.ToLowerInvariant());
            if (d < bestDistance)
            {
                bestDistance = d;
                best = candidate;
            }
        }
        // Beyond a third of the word, a suggestion is more confusing than helpful.
        return bestDistance <= Math.Max(2, given.Length / 3) ? best : null;
    }

    /// <summary>Levenshtein distance with adjacent transpositions counted as one edit.</summary>
    private static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (int i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (int j = 0; j <= b.Length; j++) d[0, j] = j;
        for (int i = 1; i <= a.Length; i++)
        for (int j = 1; j <= b.Length; j++)
        {
            int cost = a[i - 1] == b[j - 1] ? 0 : 1;
            d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
        }
        return d[a.Length, b.Length];
    }
}
