using FarmSim.Farm.Topology;
using YamlDotNet.RepresentationModel;
using static FarmSim.Scenarios.ScenarioFormat;

namespace FarmSim.Scenarios.Sections;

/// <summary>Reads <c>servers:</c> and <c>server_defaults:</c>.</summary>
internal static class ServerSection
{
    public static List<FrontEndSpec> Read(ScenarioReader reader, Fields top)
    {
        var defaults = top.Get("server_defaults") is { } node ? reader.Mapping(node, "server_defaults", ServerDefaults) : null;
        if (defaults is not null) ReadSettings(reader, defaults, required: false);
        var servers = new List<FrontEndSpec>();
        if (top.Get("servers", required: true, expected: "a list of front-end servers") is { } list)
        {
            var items = reader.Sequence(list, "servers");
            for (int i = 0; i < items.Count; i++) ReadEntry(reader, items[i], i, defaults, servers);
        }
        return servers;
    }

    /// <summary>Reads one server entry, which <c>count</c> may expand into several servers.</summary>
    private static void ReadEntry(ScenarioReader reader, YamlNode node, int entry, Fields? defaults, List<FrontEndSpec> servers)
    {
        string path = $"servers[{entry}]";
        var fields = reader.Mapping(node, path, Server, defaults);
        if (fields is null) return;
        string name = fields.Text("name", required: true, expected: "the server's name") ?? "";
        var server = ReadSettings(reader, fields, required: true) with { Name = name };

        int count = 1;
        bool expand = fields.Has("count");
        if (expand && fields.Integer("count") is { } n)
        {
            if (n < 1 || n > ScenarioLoader.MaxCount) reader.Error(fields.Get("count")!, $"'{path}.count' is {n}, expected 1 to {ScenarioLoader.MaxCount}");
            else count = n;
        }
        for (int k = 1; k <= count; k++)
        {
            // Problems about an expanded server point at the entry it came from.
            reader.Alias($"servers[{servers.Count}]", path);
            servers.Add(expand ? server with { Name = $"{name}{k}" } : server);
        }
    }

    /// <summary>The settings a server entry and server_defaults share; the name is left empty.</summary>
    private static FrontEndSpec ReadSettings(ScenarioReader reader, Fields fields, bool required)
    {
        int? queueLimit = FrontEndSpec.IisQueueLength;
        if (fields.Get("queue_limit") is YamlScalarNode { Value: "unlimited" }) queueLimit = null;
        else if (fields.Has("queue_limit")) queueLimit = fields.Integer("queue_limit") ?? FrontEndSpec.IisQueueLength;
        return new FrontEndSpec(
            Name: "",
            Workers: fields.Integer("workers", required) ?? 1,
            QueueLimit: queueLimit,
            Speed: fields.Number("speed") ?? 1,
            Weight: fields.Number("weight") ?? 1,
            Cores: fields.Integer("cores"))
        {
            Failures = fields.Get("failures") is { } node && reader.Mapping(node, fields.Child("failures"), ScenarioFormat.Failures) is { } f
                ? new FailureSpec(DistributionSection.TimeOrDistribution(reader, f, "between", required: true) ?? Engine.Distributions.DistributionSpec.Constant(1),
                    DistributionSection.TimeOrDistribution(reader, f, "repair", required: true) ?? Engine.Distributions.DistributionSpec.Constant(1))
                : null,
        };
    }
}
