using FarmSim.Farm.Topology;
using YamlDotNet.RepresentationModel;

namespace FarmSim.Scenarios.Sections;

/// <summary>Reads the <c>environment:</c> section: the address, the main proxy, the hops and the users' time limit.</summary>
internal static class EnvironmentSection
{
    /// <summary>The address and the main proxy.</summary>
    public static ProxySpec ReadProxy(ScenarioReader reader, Fields top)
    {
        var fields = top.Get("environment") is { } node ? reader.Mapping(node, "environment", ScenarioFormat.Environment) : null;
        string address = fields?.Text("address", expected: "the environment's host name") ?? ScenarioLoader.DefaultAddress;
        var proxy = fields?.Get("proxy") is { } proxyNode ? reader.Mapping(proxyNode, "environment.proxy", ScenarioFormat.Proxy) : null;
        return new ProxySpec(address, proxy?.Duration("latency") ?? 0, proxy?.Duration("timeout"));
    }

    /// <summary>The one-way network delays and the users' link.</summary>
    public static HopsSpec ReadHops(ScenarioReader reader, Fields top)
    {
        if (Inner(top, "hops") is not { } node || reader.Mapping(node, "environment.hops", ScenarioFormat.Hops) is not { } h) return new HopsSpec();
        return new HopsSpec(DistributionSection.TimeOrDistribution(reader, h, "user_to_proxy"), DistributionSection.TimeOrDistribution(reader, h, "to_zone"),
            DistributionSection.TimeOrDistribution(reader, h, "zone_to_server"), DistributionSection.TimeOrDistribution(reader, h, "server_to_database"))
        {
            UserBandwidth = h.Bandwidth("user_bandwidth"),
        };
    }

    /// <summary>The users' own time limit and retries, or null: users wait as long as it takes.</summary>
    public static ClientSpec? ReadClient(ScenarioReader reader, Fields top)
    {
        if (Inner(top, "client") is not { } node || reader.Mapping(node, "environment.client", ScenarioFormat.Client) is not { } c) return null;
        return new ClientSpec(c.Duration("timeout", required: true) ?? 1, c.Integer("retries") ?? 0, c.Duration("backoff") ?? 0);
    }

    private static YamlNode? Inner(Fields top, string key) =>
        top.Get("environment") is YamlMappingNode environment && environment.Children.TryGetValue(new YamlScalarNode(key), out var node) ? node : null;
}
