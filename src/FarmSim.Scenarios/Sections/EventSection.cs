using FarmSim.Farm.Topology;
using YamlDotNet.RepresentationModel;

namespace FarmSim.Scenarios.Sections;

/// <summary>Reads <c>events:</c>, what happens to which server, or to which zone's apps, when.</summary>
internal static class EventSection
{
    private static readonly string[] Actions = ["down", "up", "drain", "recycle", "weight", "join", "leave", "publish", "move"];

    /// <summary>Which fields go with which actions, beyond <c>at</c> and <c>action</c>.</summary>
    private static readonly Dictionary<string, string[]> FieldsOf = new()
    {
        ["down"] = ["server"], ["up"] = ["server"], ["drain"] = ["server", "delay"],
        ["recycle"] = ["server", "restart", "cold_start"], ["weight"] = ["server", "weight"],
        ["join"] = ["server", "zone"], ["leave"] = ["server", "zone"],
        ["publish"] = ["zone", "at_a_time", "drain", "restart", "cold_start"],
        ["move"] = ["app", "zone"],
    };

    public static List<FarmEvent> Read(ScenarioReader reader, Fields top)
    {
        var events = new List<FarmEvent>();
        if (top.Get("events") is not { } list) return events;
        var items = reader.Sequence(list, "events");
        for (int i = 0; i < items.Count; i++)
        {
            if (reader.Mapping(items[i], $"events[{i}]", ScenarioFormat.Event) is not { } e) continue;
            reader.Alias($"events[{events.Count}]", $"events[{i}]");
            e.Get("action", required: true, expected: string.Join(", ", Actions));
            string action = e.Choice("action", Actions) ?? "down";
            var allowed = FieldsOf[action];
            foreach (string key in new[] { "server", "app", "zone", "delay", "weight", "at_a_time", "drain", "restart", "cold_start" })
                if (!allowed.Contains(key) && e.Get(key) is { } given)
                    reader.Error(given, $"'events[{i}].{key}' is given with {action}, expected it only with {string.Join(" or ", FieldsOf.Where(f => f.Value.Contains(key)).Select(f => f.Key))}");
            double at = e.Duration("at", required: true) ?? 0;
            if (action == "move")
            {
                events.Add(new AppMoveEvent(at, e.Text("app", required: true, expected: "an app's name") ?? "", e.Text("zone", required: true, expected: "a zone's name") ?? ""));
                continue;
            }
            if (action == "publish")
            {
                int? atATime = e.Get("at_a_time") is YamlScalarNode { Value: "all" } ? null : e.Integer("at_a_time");
                events.Add(new PublishEvent(at, e.Text("zone", required: true, expected: "a zone's name") ?? "", atATime,
                    e.Duration("drain") ?? PublishEvent.DefaultDrain, Restart(reader, e, i, RestartSpec.Publish)));
                continue;
            }
            var kind = Enum.Parse<ServerAction>(action, ignoreCase: true);
            events.Add(new ServerEvent(at, e.Text("server", required: true, expected: "a server's name") ?? "", kind, e.Duration("delay") ?? ServerEvent.DeregistrationDelay)
            {
                Restart = kind == ServerAction.Recycle ? Restart(reader, e, i, RestartSpec.Recycle) : null,
                Weight = kind == ServerAction.Weight ? e.Number("weight", required: true) ?? 1 : null,
                Zone = kind is ServerAction.Join or ServerAction.Leave ? e.Text("zone", required: true, expected: "a zone's name") ?? "" : null,
            });
        }
        return events;
    }

    private static RestartSpec Restart(ScenarioReader reader, Fields e, int i, RestartSpec defaults)
    {
        double time = e.Duration("restart") ?? defaults.Time;
        if (e.Get("cold_start") is not { } node || reader.Mapping(node, $"events[{i}].cold_start", ScenarioFormat.ColdStart) is not { } cold)
            return defaults with { Time = time };
        return new RestartSpec(time, cold.Number("factor") ?? defaults.ColdFactor, cold.Duration("fade") ?? defaults.ColdFade);
    }
}
