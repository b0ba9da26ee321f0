using FarmSim.Engine.Distributions;
using FarmSim.Farm.Topology;
using YamlDotNet.RepresentationModel;

namespace FarmSim.Scenarios.Sections;

/// <summary>Reads how an app's users come: <c>arrival</c> (an open stream), <c>users</c> (a closed population) or <c>sessions</c>.</summary>
internal static class WorkloadSection
{
    /// <summary>The app with its users read from <paramref name="fields"/> (an app entry, or app_defaults).</summary>
    public static AppSpec Apply(ScenarioReader reader, Fields fields, AppSpec app, bool required)
    {
        bool users = fields.Has("users"), sessions = fields.Has("sessions");
        // An app with classes may be reached only by calls from other apps: no users of its own.
        if (fields.Get("arrival", required && !fields.Has("classes") && !users && !sessions, expected: "a mapping with rate, or users or sessions") is { } arrival
            && reader.Mapping(arrival, fields.Child("arrival"), ScenarioFormat.Arrival) is { } a)
        {
            if (ReplaySection.Read(reader, a) is { } replay) return app with { Replay = replay, ArrivalRate = 0, Profile = null, RandomBursts = null };
            var (rate, profile) = RateAndProfile(reader, a, "a rate such as 300/s, or a profile of rates");
            app = app with { ArrivalRate = rate, Profile = profile, RandomBursts = ProfileSection.ReadRandomBursts(reader, a, rate) };
        }
        // A population or sessions that could not be read still stand in the model (a placeholder), so
        // that the app is not also said to lack an arrival rate: one mistake, one message.
        var usersFields = fields.Get("users") is { } usersNode ? reader.Mapping(usersNode, fields.Child("users"), ScenarioFormat.Users) : null;
        if (users && usersFields is null) app = app with { Users = new ClosedUsersSpec(1, DistributionSpec.Constant(1)) };
        if (usersFields is { } u)
        {
            var think = DistributionSection.TimeOrDistribution(reader, u, "think", required: true) ?? DistributionSpec.Constant(1);
            var profile = ProfileSection.ReadProfile(reader, u, onRate: false).Profile;
            app = app with { Users = new ClosedUsersSpec(u.Integer("count", required: true) ?? 1, think) { Profile = profile } };
        }
        var sessionsFields = fields.Get("sessions") is { } sessionsNode ? reader.Mapping(sessionsNode, fields.Child("sessions"), ScenarioFormat.Sessions) : null;
        if (sessions && sessionsFields is null) app = app with { Sessions = new SessionsSpec(1, DistributionSpec.Constant(1)) };
        if (sessionsFields is { } s)
        {
            var (rate, profile) = RateAndProfile(reader, s, "a rate of visits such as 2/s, or a profile of rates");
            var think = DistributionSection.TimeOrDistribution(reader, s, "think", required: true) ?? DistributionSpec.Constant(1);
            app = app with
            {
                Sessions = new SessionsSpec(rate, think)
                {
                    Profile = profile,
                    RandomBursts = ProfileSection.ReadRandomBursts(reader, s, rate),
                    Pages = Pages(reader, s),
                    Navigation = s.Get("navigation", required: s.Node.Children.ContainsKey(new YamlScalarNode("navigation")), expected: "a mapping of start and classes")
                        is { } nav ? NavigationSection.Read(reader, nav, s.Child("navigation")) : null,
                },
            };
        }
        return app;
    }

    /// <summary>A rate and its profile: the rate as written, or the one a profile of rates gives (but not both).</summary>
    private static (double Rate, LoadProfile? Profile) RateAndProfile(ScenarioReader reader, Fields fields, string expected)
    {
        var read = ProfileSection.ReadProfile(reader, fields, onRate: true);
        if (read.Rate is { } profileRate)
        {
            if (fields.Has("rate")) reader.Error(fields.Get("rate")!, $"'{fields.Child("rate")}' is given with a profile of rates, expected one of them (or a profile of factors on the rate)");
            return (profileRate, read.Profile);
        }
        // A profile that could not be read has been reported; a missing rate beside it would be a second report of one mistake.
        bool profileFailed = fields.Has("profile") && read.Profile is null;
        if (!fields.Has("rate") && !profileFailed) fields.Get("rate", required: true, expected: expected);
        return (fields.Rate("rate") ?? (profileFailed ? 1 : 0), read.Profile); // a placeholder for a profile that could not be read
    }

    /// <summary>A whole number of pages, or { mean: m } for a geometric number.</summary>
    private static PageCount? Pages(ScenarioReader reader, Fields s)
    {
        if (s.Get("pages") is not { } node) return null;
        if (node is YamlMappingNode)
            return reader.Mapping(node, s.Child("pages"), ScenarioFormat.Pages)?.Number("mean", required: true) is { } mean ? new PageCount(mean, Geometric: true) : null;
        return s.Integer("pages") is { } count ? new PageCount(count, Geometric: false) : null;
    }
}
