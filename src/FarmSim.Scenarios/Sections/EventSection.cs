using FarmSim.Farm.Topology;

namespace FarmSim.Scenarios.Sections;

/// <summary>Reads <c>events:</c>, what happens to which server when.</summary>
internal static class EventSection
{
    public static List<ServerEvent> Read(ScenarioReader reader, Fields top)
    {
        var events = new List<ServerEvent>();
        if (top.Get("events") is not { } list) return events;
        var items = reader.Sequence(list, "events");
        for (int i = 0; i < items.Count; i++)
        {
            if (reader.Mapping(items[i], $"events[{i}]", ScenarioFormat.Event) is not { } e) continue;
            reader.Alias($"events[{events.Count}]", $"events[{i}]");
            e.Get("action", required: true, expected: "down or up");
            events.Add(new ServerEvent(e.Duration("at", required: true) ?? 0, e.Text("server", required: true, expected: "a server's name") ?? "",
                e.Choice("action", ["down", "up"]) == "up" ? ServerAction.Up : ServerAction.Down));
        }
        return events;
    }
}
