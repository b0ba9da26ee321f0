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
            e.Get("action", required: true, expected: "down, drain or up");
            var action = e.Choice("action", ["down", "up", "drain"]) switch { "up" => ServerAction.Up, "drain" => ServerAction.Drain, _ => ServerAction.Down };
            if (action != ServerAction.Drain && e.Get("delay") is { } delay) reader.Error(delay, $"'events[{i}].delay' is given with {action.ToString().ToLowerInvariant()}, expected it only with drain");
            events.Add(new ServerEvent(e.Duration("at", required: true) ?? 0, e.Text("server", required: true, expected: "a server's name") ?? "", action,
                e.Duration("delay") ?? ServerEvent.DeregistrationDelay));
        }
        return events;
    }
}
