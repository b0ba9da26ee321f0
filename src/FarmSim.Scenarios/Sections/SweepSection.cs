using YamlDotNet.RepresentationModel;

namespace FarmSim.Scenarios.Sections;

/// <summary>
/// Reads the <c>sweep:</c> section (the dimensions <c>farmsim sweep</c> varies when no <c>--vary</c>
/// is given) and the <c>slo:</c> texts, which are parsed once the farm they name is known.
/// </summary>
internal static class SweepSection
{
    public static void Read(ScenarioReader reader, Fields top)
    {
        if (top.Get("slo") is { } sloList)
            foreach (var item in reader.Sequence(sloList, "slo"))
                if (item is YamlScalarNode { Value: { } text }) reader.ServiceLevelTexts.Add((text, item));
                else reader.Error(item, $"'slo' holds {ScenarioReader.KindOf(item)}, expected an objective such as 'AppX.p95 <= 300ms'");

        if (top.Get("sweep") is { } sweepList)
        {
            var items = reader.Sequence(sweepList, "sweep");
            for (int i = 0; i < items.Count; i++)
                if (ReadDimension(reader, items[i], $"sweep[{i}]") is { } dimension) reader.Sweep.Add(dimension);
        }
    }

    private static SweepDimension? ReadDimension(ScenarioReader reader, YamlNode node, string path)
    {
        var fields = reader.Mapping(node, path, ScenarioFormat.Sweep);
        string? vary = fields?.Text("vary", required: true, expected: "a scenario path, or load");
        var valuesNode = fields?.Get("values", required: true, expected: "a list of values or a range start..end:step");
        if (vary is null || valuesNode is null) return null;
        if (valuesNode is YamlSequenceNode list)
        {
            var values = new List<string>();
            foreach (var item in list.Children)
                if (item is YamlScalarNode { Value: { } v }) values.Add(v);
                else reader.Error(item, $"'{path}.values' holds {ScenarioReader.KindOf(item)}, expected plain values");
            return values.Count > 0 ? new SweepDimension(vary, values) : null;
        }
        string text = (valuesNode as YamlScalarNode)?.Value ?? "";
        var parsed = SweepDimension.ParseValues(text, out string problem);
        if (parsed is null) reader.Error(valuesNode, $"'{path}.values' {problem}");
        return parsed is null ? null : new SweepDimension(vary, parsed);
    }
}
