using FarmSim.Farm.Metrics;
using FarmSim.Farm.Topology;

namespace FarmSim.Experiments.Planning;

/// <summary>The planner's search for the most users (closed populations, session rates) the objectives allow.</summary>
public sealed partial class Planner
{
    /// <summary>
    /// The most users the objectives allow. One closed population: its number of users, a whole
    /// number, from an MVA first guess (plain service times). Otherwise every population and
    /// session rate scaled by one factor, to 1%, as headroom scales open streams.
    /// </summary>
    public PlanResult FindUsers()
    {
        var apps = scenario.Farm.Apps.Where(a => a.Users is not null || a.Sessions is not null).ToList();
        if (apps.Count == 0) throw new InvalidOperationException("no app has users or sessions");
        _plannedZones = ZonesWithApps().Select(z => z.Name).ToList();
        if (apps is [{ Users: { } users } app])
        {
            string parameter = $"users.{app.Name}";
            FarmSpec With(int n) => scenario.Farm with { Apps = scenario.Farm.Apps.Select(a => a == app ? a with { Users = users with { Count = n } } : a).ToList() };
            int? guess = AnalyticUsers(app);
            var found = Largest(1, ClosedUsersSpec.MaxCount, guess ?? users.Count, n => Evaluate(parameter, n, With(n)));
            string? why = found is null ? $"no number of users tried, from {guess ?? users.Count} down to 1, met every objective" : null;
            if (found is not null && found.Value >= ClosedUsersSpec.MaxCount) why = $"the objectives still hold at {ClosedUsersSpec.MaxCount} users, the most a population may have";
            return Result(PlanGoal.Users, found is null ? [] : [(parameter, found.Value)], found, guess is { } g ? [(parameter, g)] : [], parameter, whyLimit: why);
        }
        FarmSpec Scaled(double factor) => scenario.Farm with
        {
            Apps = scenario.Farm.Apps.Select(a => a.Users is null && a.Sessions is null ? a : a.WithLoad(factor)).ToList(),
        };
        Candidate Try(double f) => Evaluate("users", Math.Round(f, 4), Scaled(Math.Round(f, 4)));
        const double most = 1024;
        double low = 0, high = 1;
        Candidate? best = null;
        var today = Try(1);
        if (today.Met)
        {
            (low, best) = (1, today);
            // Doubling until the objectives break, up to 1024 times today's users.
            for (high = 2; ; high *= 2)
            {
                var more = Try(high);
                if (!more.Met) break;
                (low, best) = (high, more);
                if (high >= most)
                    return UsersAnswer(apps, Scaled, high, more, $"the objectives still hold at {most} times today's users and sessions, where the search stops");
            }
        }
        while ((high - low) / high > 0.01 && high > 0.01)
        {
            double middle = (low + high) / 2;
            var candidate = Try(middle);
            if (candidate.Met) (low, best) = (middle, candidate);
            else high = middle;
        }
        if (best is null) return Result(PlanGoal.Users, [], null, [], "users", whyLimit: "even 1% of today's users and sessions misses an objective");
        return UsersAnswer(apps, Scaled, best.Value, best, null);
    }

    /// <summary>The factor, and what it means for each app: its users logged in, or its visits per second.</summary>
    private PlanResult UsersAnswer(List<AppSpec> apps, Func<double, FarmSpec> scaled, double value, Candidate chosen, string? why)
    {
        double factor = Hundredths(value);
        var answer = new List<(string, double)> { ("users", factor) };
        foreach (var app in scaled(factor).Apps.Where(a => apps.Any(x => x.Name == a.Name)))
            answer.Add(app.Users is { } u ? ($"users.{app.Name}", u.Count) : ($"sessions.{app.Name}", Math.Round(app.Sessions!.Rate, 3)));
        return Result(PlanGoal.Users, answer, chosen, [], "users", whyLimit: why);
    }

    /// <summary>The largest value in [low, high] whose farm meets every objective, from a guess: doubling up (or halving down), then bisection to 1%.</summary>
    private static Candidate? Largest(int low, int high, int guess, Func<int, Candidate> evaluate)
    {
        int good, bad;
        int start = Math.Clamp(guess, low, high);
        if (evaluate(start).Met)
        {
            good = start;
            while (true)
            {
                if (good >= high) return evaluate(good);
                int next = Math.Min(high, Math.Max(good + 1, 2 * good));
                if (!evaluate(next).Met)
                {
                    bad = next;
                    break;
                }
                good = next;
            }
        }
        else
        {
            bad = start;
            while (true)
            {
                if (bad <= low) return null;
                int next = Math.Max(low, bad / 2);
                if (evaluate(next).Met)
                {
                    good = next;
                    break;
                }
                bad = next;
            }
        }
        // To 1% of the answer (a user, below a hundred): finer than that is noise in the interval.
        while (bad - good > Math.Max(1, good / 100))
        {
            int middle = good + (bad - good) / 2;
            if (evaluate(middle).Met) good = middle;
            else bad = middle;
        }
        return evaluate(good);
    }

    /// <summary>
    /// The most users (up to 100,000) for which MVA predicts that the objectives on the app hold:
    /// its mean response time for a mean objective, a percentile as if the response time were
    /// exponential (−ln(1 − p) times the mean), throughput as X. Every number is looked at, since a
    /// throughput floor fails for few users and a latency ceiling for many. Null when MVA does not
    /// apply or no number meets them.
    /// </summary>
    private int? AnalyticUsers(AppSpec app)
    {
        if (MeanValueAnalysis.Model(scenario.Farm, app) is not { } model) return null;
        int? best = null;
        foreach (var s in MeanValueAnalysis.Solve(model.Stations, app.Users!.Think.Mean, 100_000, model.Delay, model.Exact))
            if (levels.All(level => MvaMeets(level, app, s))) best = s.Users;
        return best;
    }

    private static bool MvaMeets(ServiceLevel level, AppSpec app, MeanValueAnalysis.Solution s)
    {
        if (level.Scope != "app" || (level.Name is not null && level.Name != app.Name)) return true;
        double? predicted = level.Metric switch
        {
            "latency_mean_ms" => s.Response * 1000,
            "throughput_rps" => s.Throughput,
            var m when m.StartsWith("latency_p", StringComparison.Ordinal) && m != "latency_max_ms" =>
                -Math.Log(1 - double.Parse(m["latency_p".Length..^"_ms".Length], System.Globalization.CultureInfo.InvariantCulture) / 100) * s.Response * 1000,
            _ => null,
        };
        return predicted is not { } v || (level.Comparison == Comparison.AtMost ? v <= level.Target : v >= level.Target);
    }
}
