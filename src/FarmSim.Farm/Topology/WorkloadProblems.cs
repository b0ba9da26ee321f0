namespace FarmSim.Farm.Topology;

/// <summary>The rules of an app's workload: its profile, bursts, closed users or sessions.</summary>
internal static class WorkloadProblems
{
    /// <summary>A profile repeated more often than this over the run is refused: its pieces are kept in memory.</summary>
    public const int MaxPieces = 1_000_000;

    public static void Add(List<ModelProblem> problems, AppSpec app, string at, SimulationSettings? settings)
    {
        int kinds = (app.ArrivalRate > 0 || app.Profile is not null || app.RandomBursts is not null ? 1 : 0) + (app.Users is null ? 0 : 1) + (app.Sessions is null ? 0 : 1) + (app.Replay is null ? 0 : 1);
        if (kinds > 1)
            problems.Add(new(at, $"app '{app.Name}' gives more than one of arrival, users and sessions, expected one way its users come"));
        if (app.Replay is { } replay && !(replay.Factor >= 0 && double.IsFinite(replay.Factor)))
            problems.Add(new($"{at}.arrival.replay", $"is scaled by {replay.Factor}, expected a load factor of zero or more"));

        if (app.Profile is { } profile) Profile(problems, profile, $"{at}.arrival", settings);
        if (app.RandomBursts is { } bursts) RandomBursts(problems, bursts, $"{at}.arrival.random_bursts");

        if (app.Users is { } users)
        {
            if (users.Count is < 1 or > ClosedUsersSpec.MaxCount)
                problems.Add(new($"{at}.users.count", $"is {users.Count}, expected 1 to {ClosedUsersSpec.MaxCount}"));
            Think(problems, users.Think, $"{at}.users.think");
            if (users.Profile is { } p)
            {
                Profile(problems, p, $"{at}.users", settings);
                if (p.Bursts.Count > 0) problems.Add(new($"{at}.users.profile", "has bursts, expected bursts only on rates (arrival or sessions)"));
                else if (users.Count is >= 1 and <= ClosedUsersSpec.MaxCount && Valid(p, settings) && users.Count * p.PeakFactor > ClosedUsersSpec.MaxCount)
                    problems.Add(new($"{at}.users.profile", $"takes the users to {users.Count * p.PeakFactor:0} at its peak, expected at most {ClosedUsersSpec.MaxCount}"));
            }
        }

        if (app.Sessions is { } sessions)
        {
            string s = $"{at}.sessions";
            if (!(sessions.Rate > 0 && double.IsFinite(sessions.Rate))) problems.Add(new($"{s}.rate", $"is {sessions.Rate}/s, expected a rate above zero"));
            Think(problems, sessions.Think, $"{s}.think");
            if (sessions.Profile is { } p) Profile(problems, p, s, settings);
            if (sessions.RandomBursts is { } b) RandomBursts(problems, b, $"{s}.random_bursts");
            if (sessions.Pages is { } pages && !(pages.Mean >= 1 && pages.Mean <= 1e6))
                problems.Add(new($"{s}.pages", $"is {pages.Mean}, expected 1 to 1000000 pages"));
            if (sessions.Pages is { Geometric: false } fixedPages && fixedPages.Mean != Math.Floor(fixedPages.Mean))
                problems.Add(new($"{s}.pages", $"is {fixedPages.Mean}, expected a whole number of pages (or {{ mean: {fixedPages.Mean} }} for a geometric number)"));
            if (sessions.Navigation is { } navigation)
            {
                if (sessions.Pages is not null) problems.Add(new($"{s}.pages", "is given with a navigation, expected one of them: the navigation decides when a visit leaves"));
                Navigation(problems, navigation, app, $"{s}.navigation");
            }
        }
    }

    private static string Factor(double factor) => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{factor * 100:0.###}%");

    /// <summary>Whether the profile can be walked at all (its peak computed): points in order with finite values, a sensible period.</summary>
    private static bool Valid(LoadProfile profile, SimulationSettings? settings) =>
        profile.Points.Count > 0
        && profile.Points.All(p => p.Factor >= 0 && double.IsFinite(p.Factor) && p.Time >= 0 && double.IsFinite(p.Time))
        && profile.Points.Zip(profile.Points.Skip(1)).All(pair => pair.Second.Time > pair.First.Time)
        && profile.Bursts.All(b => b.At >= 0 && b.For > 0 && double.IsFinite(b.End) && b.Factor >= 0 && double.IsFinite(b.Factor))
        && (profile.Repeat is not { } period || (period > 0 && double.IsFinite(period) && profile.Points[^1].Time <= period
            && profile.Horizon / period * profile.Points.Count <= MaxPieces && (settings is null || settings.End / period * profile.Points.Count <= MaxPieces)));

    private static void Think(List<ModelProblem> problems, Engine.Distributions.DistributionSpec think, string at)
    {
        foreach (var (field, problem) in think.Problems())
            problems.Add(new($"{at}{(field is "value" or "mean" ? "" : "." + field)}", problem));
    }

    private static void RandomBursts(List<ModelProblem> problems, RandomBursts bursts, string at)
    {
        if (!(bursts.Factor >= 0 && double.IsFinite(bursts.Factor))) problems.Add(new($"{at}.factor", $"is {Factor(bursts.Factor)}, expected zero or more"));
        if (!(bursts.Calm > 0 && double.IsFinite(bursts.Calm))) problems.Add(new($"{at}.calm", $"is {bursts.Calm}s, expected more than zero"));
        if (!(bursts.Bursting > 0 && double.IsFinite(bursts.Bursting))) problems.Add(new($"{at}.burst", $"is {bursts.Bursting}s, expected more than zero"));
    }

    /// <summary><paramref name="at"/> is the mapping that holds <c>profile</c> and <c>bursts</c>.</summary>
    private static void Profile(List<ModelProblem> problems, LoadProfile profile, string at, SimulationSettings? settings)
    {
        string p = $"{at}.profile";
        if (profile.Points.Count == 0) problems.Add(new($"{p}.points", "is empty, expected at least one [time, value] point"));
        if (profile.Repeat is { } repeat && !(repeat > 0 && double.IsFinite(repeat))) problems.Add(new($"{p}.repeat", $"is {repeat}s, expected more than zero"));
        for (int k = 0; k < profile.Points.Count; k++)
        {
            var point = profile.Points[k];
            if (!(point.Time >= 0 && double.IsFinite(point.Time))) problems.Add(new($"{p}.points[{k}]", $"is at {TimeText.Of(point.Time)}, expected a time of zero or more"));
            else if (k > 0 && !(point.Time > profile.Points[k - 1].Time))
                problems.Add(new($"{p}.points[{k}]", $"is at {TimeText.Of(point.Time)}, not after the point before it at {TimeText.Of(profile.Points[k - 1].Time)}, expected times in increasing order"));
            else if (profile.Repeat is { } period && period > 0 && point.Time > period)
                problems.Add(new($"{p}.points[{k}]", $"is at {TimeText.Of(point.Time)}, beyond the repeat period of {TimeText.Of(period)}, expected times within it"));
            if (!(point.Factor >= 0 && double.IsFinite(point.Factor))) problems.Add(new($"{p}.points[{k}]", $"has the value {Factor(point.Factor)}, expected zero or more"));
        }
        for (int k = 0; k < profile.Bursts.Count; k++)
        {
            var burst = profile.Bursts[k];
            string b = $"{at}.bursts[{k}]";
            if (!(burst.At >= 0 && double.IsFinite(burst.At))) problems.Add(new($"{b}.at", $"is {burst.At}s, expected a time of zero or more"));
            if (!(burst.For > 0 && double.IsFinite(burst.For))) problems.Add(new($"{b}.for", $"is {burst.For}s, expected more than zero"));
            if (!(burst.Factor >= 0 && double.IsFinite(burst.Factor))) problems.Add(new($"{b}.factor", $"is {Factor(burst.Factor)}, expected zero or more"));
            if (settings is not null && burst.At >= 0 && burst.For > 0 && burst.End > settings.End)
                problems.Add(new(b, $"runs from {TimeText.Of(burst.At)} to {TimeText.Of(burst.End)}, beyond the run's end at {TimeText.Of(settings.End)} (warm-up and duration), expected a burst within the run"));
        }
        if (settings is not null && profile.Repeat is { } every && every > 0 && profile.Points.Count > 0 && settings.End / every * profile.Points.Count > MaxPieces)
            problems.Add(new($"{p}.repeat", $"repeats the profile {settings.End / every:0} times over the run, expected at most {MaxPieces} pieces in all (a longer period)"));
    }

    private static void Navigation(List<ModelProblem> problems, NavigationSpec navigation, AppSpec app, string at)
    {
        if (app.Classes is null)
        {
            problems.Add(new(at, $"app '{app.Name}' has no classes, expected classes for a navigation to go between"));
            return;
        }
        var names = app.Classes.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        void Steps(IReadOnlyList<NavigationStep> steps, string where, bool start)
        {
            if (steps.Count == 0) problems.Add(new(where, "is empty, expected where a visit goes, with shares"));
            for (int k = 0; k < steps.Count; k++)
            {
                var step = steps[k];
                if (step.To is null && start) problems.Add(new($"{where}.{NavigationSpec.Leave}", "leaves before the first page, expected a class to start on"));
                else if (step.To is not null && !names.Contains(step.To))
                    problems.Add(new($"{where}.{step.To}", $"goes to unknown class '{step.To}' of app '{app.Name}', expected one of {string.Join(", ", names)} or {NavigationSpec.Leave}"));
                if (!(step.Share >= 0 && double.IsFinite(step.Share))) problems.Add(new($"{where}.{step.To ?? NavigationSpec.Leave}", $"has the share {step.Share}, expected zero or more"));
            }
            double total = steps.Sum(s => s.Share);
            if (steps.Count > 0 && Math.Abs(total - 1) > 1e-6)
                problems.Add(new(where, $"has shares that add up to {total * 100:0.##}%, expected 100%"));
        }
        Steps(navigation.Start, $"{at}.start", start: true);
        foreach (var (from, steps) in navigation.From)
        {
            if (!names.Contains(from)) problems.Add(new($"{at}.{from}", $"is not a class of app '{app.Name}', expected one of {string.Join(", ", names)}"));
            Steps(steps, $"{at}.{from}", start: false);
        }

        // A visit must be able to end: from every class it can reach, a way to leave.
        var reachable = new HashSet<string>(navigation.Start.Where(s => s.To is not null && s.Share > 0).Select(s => s.To!));
        for (bool grew = true; grew;)
        {
            grew = false;
            foreach (string c in reachable.ToList())
                foreach (var step in navigation.StepsFrom(c))
                    if (step.To is not null && step.Share > 0 && reachable.Add(step.To)) grew = true;
        }
        var ends = new HashSet<string>(reachable.Where(c => navigation.StepsFrom(c) is var steps && (steps.Count == 0 || steps.Any(s => s.To is null && s.Share > 0))));
        for (bool grew = true; grew;)
        {
            grew = false;
            foreach (string c in reachable.Except(ends).ToList())
                if (navigation.StepsFrom(c).Any(s => s.To is not null && s.Share > 0 && ends.Contains(s.To)) && ends.Add(c)) grew = true;
        }
        var trapped = reachable.Except(ends).Order(StringComparer.Ordinal).ToList();
        if (trapped.Count > 0 && names.IsSupersetOf(reachable))
            problems.Add(new(at, $"never leaves once a visit reaches {string.Join(", ", trapped)}, expected a way to leave from every class a visit can reach"));
    }
}
