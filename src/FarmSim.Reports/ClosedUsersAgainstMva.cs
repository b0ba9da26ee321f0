using FarmSim.Experiments.Planning;

namespace FarmSim.Reports;

/// <summary>
/// A steady closed population with plain service times beside its analytic answer: Mean Value
/// Analysis of its users over its zone's servers (exact for single-worker servers, Seidmann's
/// equivalent for several), next to what was simulated, and R = N/X − Z on the simulated figures.
/// </summary>
public static class ClosedUsersAgainstMva
{
    public static List<string[]> Table(ResultsData data)
    {
        var rows = new List<string[]> { new[] { "app", "users", "think", "X by MVA", "X simulated", "R by MVA", "R simulated", "N/X − Z simulated" } };
        var farm = data.Scenario.Farm;
        foreach (var app in farm.Apps)
        {
            if (app.Users is not { Profile: null } users || MeanValueAnalysis.For(farm, app, users.Count) is not { } mva) continue;
            double x = data.Value("app", app.Name, "pages_rps"), r = data.Value("app", app.Name, "page_time_mean_ms");
            double z = data.Value("app", app.Name, "think_mean_ms"), n = data.Value("app", app.Name, "active_users_mean");
            rows.Add(
            [
                app.Name, $"{users.Count}", $"{users.Think.Mean:0.###} s", $"{mva.Throughput:0.##}/s{(mva.Exact ? "" : " (approximate)")}", $"{x:0.##}/s",
                $"{mva.Response * 1000:0.#} ms", $"{r:0.#} ms", $"{(n / x * 1000 - z):0.#} ms",
            ]);
        }
        return rows;
    }
}
