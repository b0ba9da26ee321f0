using FarmSim.Engine.Distributions;
using FarmSim.Farm.Topology;
using YamlDotNet.RepresentationModel;
using static FarmSim.Scenarios.ScenarioFormat;

namespace FarmSim.Scenarios.Sections;

/// <summary>Reads <c>apps:</c> and <c>app_defaults:</c>: each app, where it is published, how its users arrive, and what its requests need.</summary>
internal static class AppSection
{
    public static List<AppSpec> Read(ScenarioReader reader, Fields top)
    {
        var defaults = top.Get("app_defaults") is { } ad ? reader.Mapping(ad, "app_defaults", AppDefaults) : null;
        if (defaults is not null) ReadSettings(reader, defaults, required: false);
        var apps = new List<AppSpec>();
        if (top.Get("apps", required: true, expected: "a list of apps") is { } appList)
        {
            var items = reader.Sequence(appList, "apps");
            for (int i = 0; i < items.Count; i++)
                if (ReadApp(reader, items[i], $"apps[{i}]", defaults) is { } app)
                {
                    reader.Alias($"apps[{apps.Count}]", $"apps[{i}]");
                    apps.Add(app);
                }
        }
        return apps;
    }

    private static AppSpec? ReadApp(ScenarioReader reader, YamlNode node, string path, Fields? defaults)
    {
        var fields = reader.Mapping(node, path, App, defaults);
        if (fields is null) return null;
        string name = fields.Text("name", required: true, expected: "the app's name") ?? "";
        bool classes = fields.Has("classes");
        if (classes && fields.Has("service"))
            reader.Error(fields.Get("service")!, $"'{path}' gives both service and classes, expected one of them");
        else if (!classes && !fields.Has("service"))
            fields.Get("service", required: true, expected: "a service-time distribution, or classes");
        var app = ReadSettings(reader, fields, required: true) with
        {
            Name = name,
            Path = fields.Text("path", expected: "a path such as /AppX") ?? AppSpec.DefaultPath(name),
        };
        if (!classes) return app;
        // With a navigation (even one that could not be read) the classes' shares do not matter.
        bool navigation = fields.Get("sessions") is YamlMappingNode sessions && sessions.Children.ContainsKey(new YamlScalarNode("navigation"));
        var list = ClassSection.Read(reader, fields, path, sharesRequired: !navigation);
        if (navigation && app.Sessions is { Navigation: null } s && list.Count > 0)
            app = app with { Sessions = s with { Navigation = new NavigationSpec([new NavigationStep(list[0].Name, 1)], []) } }; // a placeholder: its problems are reported
        return app with { Classes = list };
    }

    /// <summary>The settings an app entry and app_defaults share; name and path are left empty.</summary>
    private static AppSpec ReadSettings(ScenarioReader reader, Fields fields, bool required)
    {
        var service = DistributionSpec.Exponential(1);
        if (fields.Get("service") is { } serviceNode)
            service = DistributionSection.Read(reader, serviceNode, fields.Child("service")) ?? service;
        var app = new AppSpec("", "", fields.Text("zone", expected: "the name of the zone the app is published to") ?? ZoneSpec.Global, 0, service)
        {
            Database = fields.Text("database", expected: "the name of a database"),
        };
        return WorkloadSection.Apply(reader, fields, app, required);
    }
}
