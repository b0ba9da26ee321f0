using FarmSim.Farm.Topology;

namespace FarmSim.Experiments.Planning;

/// <summary>
/// What a candidate must withstand beyond a plain day: the loss of any one server of the planned
/// zones for the whole run (N+1, <c>--survive 1</c>), and a rolling publish of each planned zone
/// during the measured period (<c>--during publish</c>). Each is a variant of the candidate's farm;
/// the candidate passes only if every variant meets every objective.
/// </summary>
public sealed record PlanConditions(bool SurviveOne, bool DuringPublish)
{
    public static readonly PlanConditions None = new(false, false);

    public bool Any => SurviveOne || DuringPublish;

    /// <summary>What the conditions add to a plan's description: "with any one server down", "through a rolling publish".</summary>
    public string Text => string.Join(" and ", new[] { SurviveOne ? "with any one server of the planned zones down" : null, DuringPublish ? "through a rolling publish of each planned zone" : null }.OfType<string>());

    /// <summary>
    /// The farm's variants to simulate, each named: with no condition the farm itself. Servers that
    /// are alike (the same settings and zones, the planner's copies of a template among them) stand
    /// for each other: losing any of them is one variant, named after the first. The strongest
    /// servers go first, as losing one is likely the worst, so that a failing candidate is found out soon.
    /// </summary>
    public IReadOnlyList<(string Condition, FarmSpec Farm)> Variants(FarmSpec farm, IReadOnlyList<string> zones, SimulationSettings settings)
    {
        if (!Any) return [("", farm)];
        var variants = new List<(string, FarmSpec)>();
        var planned = farm.Zones.Where(z => zones.Contains(z.Name)).ToList();
        if (SurviveOne)
        {
            var members = planned.SelectMany(farm.MembersOf).Distinct().Select(n => farm.Servers.First(s => s.Name == n)).ToList();
            string ZonesOf(FrontEndSpec s) => string.Join(",", farm.Zones.Where(z => farm.MembersOf(z).Contains(s.Name)).Select(z => z.Name));
            var kinds = members.GroupBy(s => (Spec: s with { Name = "" }, Zones: ZonesOf(s))).Select(g => g.First())
                .OrderByDescending(s => s.Workers * s.Speed).ThenBy(s => s.Name, StringComparer.Ordinal);
            // Down for the whole run: the scenario's own events and random failures of that server (its crashes, returns) give way.
            foreach (var server in kinds)
                variants.Add(($"{server.Name} down", farm with
                {
                    Servers = [.. farm.Servers.Select(s => s.Name == server.Name ? s with { Failures = null } : s)],
                    Events = [.. farm.Events.Where(e => e is not ServerEvent own || own.Server != server.Name), new ServerEvent(0, server.Name, ServerAction.Down)],
                }));
        }
        if (DuringPublish)
            foreach (var zone in planned)
            {
                // The scenario's own publish of the zone sets how (at a time, drain, restart); else one server at a time.
                var own = farm.Events.OfType<PublishEvent>().FirstOrDefault(p => p.Zone == zone.Name);
                var publish = (own ?? new PublishEvent(0, zone.Name, 1, PublishEvent.DefaultDrain, RestartSpec.Publish)) with { At = settings.Warmup };
                // The one publish of the zone is this one, at the start of the measured period.
                variants.Add(($"publish of {zone.Name}", farm with { Events = [.. farm.Events.Where(e => e is not PublishEvent p || p.Zone != zone.Name), publish] }));
            }
        return variants;
    }
}
