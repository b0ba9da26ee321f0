using FarmSim.Engine.Distributions;
using YamlDotNet.RepresentationModel;
using static FarmSim.Scenarios.ScenarioFormat;

namespace FarmSim.Scenarios.Sections;

/// <summary>Reads a distribution of times, or a duration that stands for a constant one.</summary>
internal static class DistributionSection
{
    /// <summary>A time that may be a duration (a constant) or a distribution, as a class's cpu or a query's time.</summary>
    public static DistributionSpec? TimeOrDistribution(ScenarioReader reader, Fields fields, string key, bool required = false) =>
        fields.Get(key, required, "a duration or a distribution") switch
        {
            null => null,
            YamlMappingNode node => Read(reader, node, fields.Child(key)),
            _ => fields.Duration(key) is { } seconds ? DistributionSpec.Constant(seconds) : null,
        };

    private static readonly Dictionary<string, (DistributionKind Kind, string[] Parameters)> Distributions = new()
    {
        ["exponential"] = (DistributionKind.Exponential, ["mean"]),
        ["constant"] = (DistributionKind.Constant, ["value"]),
        ["lognormal"] = (DistributionKind.LogNormal, ["mean", "cv"]),
        ["gamma"] = (DistributionKind.Gamma, ["mean", "cv"]),
        ["erlang"] = (DistributionKind.Erlang, ["mean", "k"]),
        ["uniform"] = (DistributionKind.Uniform, ["min", "max"]),
        ["weibull"] = (DistributionKind.Weibull, ["mean", "shape"]),
        ["empirical"] = (DistributionKind.Empirical, ["quantiles"]),
    };

    /// <summary>The distribution, or null when any of it could not be read (no half-read distribution reaches the model).</summary>
    public static DistributionSpec? Read(ScenarioReader reader, YamlNode node, string path)
    {
        int errorsBefore = reader.ErrorCount;
        var spec = ReadFields(reader, node, path);
        return reader.ErrorCount == errorsBefore ? spec : null;
    }

    private static DistributionSpec? ReadFields(ScenarioReader reader, YamlNode node, string path)
    {
        var fields = reader.Mapping(node, path, Service);
        if (fields is null) return null;
        string? kindName = fields.Text("distribution", required: true, expected: $"one of {string.Join(", ", DistributionNames)}");
        if (kindName is null) return null;
        if (!Distributions.TryGetValue(kindName, out var known))
        {
            string? nearest = Suggest.Nearest(kindName, DistributionNames);
            reader.Error(fields.Get("distribution")!,
                $"unknown distribution '{kindName}', {(nearest is null ? "" : $"did you mean '{nearest}'? ")}(expected one of {string.Join(", ", DistributionNames)})");
            return null;
        }
        foreach (string parameter in Service.Keys.Skip(1))
            if (fields.Has(parameter) && !known.Parameters.Contains(parameter))
                reader.Error(fields.Get(parameter)!,
                    $"'{fields.Child(parameter)}' does not apply to the {kindName} distribution, expected only {string.Join(" and ", known.Parameters)}");

        return known.Kind switch
        {
            DistributionKind.Exponential => DistributionSpec.Exponential(fields.Duration("mean", true) ?? 1),
            DistributionKind.Constant => DistributionSpec.Constant(fields.Duration("value", true) ?? 1),
            DistributionKind.LogNormal => DistributionSpec.LogNormal(fields.Duration("mean", true) ?? 1, fields.Number("cv", true) ?? 1),
            DistributionKind.Gamma => DistributionSpec.Gamma(fields.Duration("mean", true) ?? 1, fields.Number("cv", true) ?? 1),
            DistributionKind.Erlang => DistributionSpec.Erlang(fields.Duration("mean", true) ?? 1, fields.Integer("k", true) ?? 1),
            DistributionKind.Weibull => DistributionSpec.Weibull(fields.Duration("mean", true) ?? 1, fields.Number("shape", true) ?? 1),
            DistributionKind.Empirical => Empirical(reader, fields),
            _ => DistributionSpec.Uniform(fields.Duration("min", true) ?? 0, fields.Duration("max", true) ?? 1),
        };
    }

    private static DistributionSpec? Empirical(ScenarioReader reader, Fields fields)
    {
        if (fields.Get("quantiles", required: true, expected: "a list of [share, time] points such as [50%, 80ms]") is not { } list) return null;
        var points = new List<QuantilePoint>();
        var items = reader.Sequence(list, fields.Child("quantiles"));
        for (int k = 0; k < items.Count; k++)
        {
            string at = $"{fields.Child("quantiles")}[{k}]";
            reader.Remember(at, items[k]);
            if (items[k] is YamlSequenceNode { Children: [YamlScalarNode { Value: { } share }, YamlScalarNode { Value: { } time }] }
                && Units.TryParseFactor(share, out double p) && Units.TryParseDuration(time, out double t))
                points.Add(new QuantilePoint(p, t));
            else
                reader.Error(items[k], $"'{at}' is '{Describe(items[k])}', expected a pair [share, time] such as [50%, 80ms]");
        }
        return DistributionSpec.Empirical(points); // the model's rules judge the points (FarmProblems)
    }

    private static string Describe(YamlNode node) => node is YamlSequenceNode seq
        ? $"[{string.Join(", ", seq.Children.Select(c => c is YamlScalarNode { Value: { } v } ? v : ScenarioReader.KindOf(c)))}]"
        : ScenarioReader.KindOf(node);
}
