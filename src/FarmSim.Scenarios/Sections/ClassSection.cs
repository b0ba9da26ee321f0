using FarmSim.Engine.Distributions;
using FarmSim.Farm.Topology;
using static FarmSim.Scenarios.ScenarioFormat;

namespace FarmSim.Scenarios.Sections;

/// <summary>Reads an app's <c>classes:</c>: each class's share, CPU demand, queries, calls, browser calls and response size.</summary>
internal static class ClassSection
{
    public static List<RequestClassSpec> Read(ScenarioReader reader, Fields app, string path, bool sharesRequired)
    {
        var list = new List<RequestClassSpec>();
        var items = reader.Sequence(app.Get("classes")!, app.Child("classes"));
        for (int i = 0; i < items.Count; i++)
        {
            string at = $"{path}.classes[{i}]";
            var c = reader.Mapping(items[i], at, RequestClass);
            if (c is null) continue;
            var cpu = DistributionSection.TimeOrDistribution(reader, c, "cpu");
            int queries = 0;
            DistributionSpec? queryTime = null;
            if (c.Get("db") is { } dbNode && reader.Mapping(dbNode, c.Child("db"), Queries) is { } db)
            {
                queries = db.Integer("queries", required: true) ?? 0;
                queryTime = DistributionSection.TimeOrDistribution(reader, db, "time", required: true) ?? DistributionSpec.Constant(1);
            }
            var server = Calls(reader, c, at, "calls");
            list.Add(new RequestClassSpec(c.Text("name", required: true, expected: "the class's name") ?? "", c.Number("share", required: sharesRequired) ?? 0,
                cpu, queries, queryTime, server.Count > 0 ? server : null) { Browser = Calls(reader, c, at, "browser"), ResponseBytes = c.Size("response") ?? 0 });
        }
        // Every item is kept (even one that could not be read) so classes[i] in a message is the file's classes[i].
        return list;
    }

    /// <summary>Server-side calls (<c>calls</c>) or client-side ones (<c>browser</c>).</summary>
    private static List<CallSpec> Calls(ScenarioReader reader, Fields c, string at, string key)
    {
        var calls = new List<CallSpec>();
        if (c.Get(key) is not { } callList) return calls;
        var items = reader.Sequence(callList, c.Child(key));
        for (int k = 0; k < items.Count; k++)
            if (reader.Mapping(items[k], $"{at}.{key}[{k}]", Call) is { } call)
                calls.Add(new CallSpec(call.Text("app", required: true, expected: "the called app") ?? "", call.Text("class", required: true, expected: "the called app's class") ?? "",
                    call.Integer("count") ?? 1, call.Number("probability") ?? 1));
        return calls;
    }
}
