using FarmSim.Engine;
using FarmSim.Farm.Metrics;
using FarmSim.Farm.Topology;

namespace FarmSim.Farm.Runtime;

/// <summary>A call a class makes (or its browser makes): to which app's class, how many times, with what chance, its demands from which source.</summary>
internal readonly record struct CallPlan(int App, short Class, short Count, double Probability, short Source);

/// <summary>
/// Per app and class, what a request of it sets off, resolved to indices once, in one pass: its
/// server-side calls and its browser's calls (each with the demand source it draws from), the
/// stream that decides the calls made with a probability, each call edge's figures and name, and
/// its response's time on the user's link. Also every demand source of the replication: the apps'
/// own users first, one per app, in app order, then one per call edge, per browser-call edge, and
/// per app for its users' retries.
/// </summary>
internal sealed class CallTables
{
    public CallTables(RunContext run, FarmSpec farm)
    {
        var appIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        var classIndex = new Dictionary<(string, string), short>();
        for (int a = 0; a < farm.Apps.Count; a++)
        {
            appIndex.TryAdd(farm.Apps[a].Name, a);
            var classes = farm.Apps[a].Classes ?? [];
            for (int c = 0; c < classes.Count; c++) classIndex.TryAdd((farm.Apps[a].Name, classes[c].Name), (short)c);
        }
        var sources = farm.Apps.Select(app => new DemandSource(run, app, $"app/{app.Name}")).ToList();
        var visitorApp = Enumerable.Range(0, farm.Apps.Count).Select(a => (short)a).ToList();
        // Calls and browser calls along each edge draw from a source of their own; a second edge
        // between the same two classes is told apart by its number.
        var sourceNames = new HashSet<string>(StringComparer.Ordinal);
        int SourceFor(string kind, string edge, AppSpec callee, short visitors)
        {
            string name = $"{kind}/{edge}";
            for (int n = 2; !sourceNames.Add(name); n++) name = $"{kind}/{edge}#{n}";
            sources.Add(new DemandSource(run, callee, name));
            visitorApp.Add(visitors);
            return sources.Count - 1;
        }
        // A browser's call carries its page's visitor; a server-side call carries none.
        CallPlan[] Plans(string kind, int callerApp, string caller, IReadOnlyList<CallSpec> calls) => calls.Select(call =>
        {
            int callee = appIndex[call.App];
            int source = SourceFor(kind, $"{caller}->{call.App}.{call.Class}", farm.Apps[callee], kind == "browser" ? (short)callerApp : (short)-1);
            return new CallPlan(callee, classIndex[(call.App, call.Class)], (short)call.Count, call.Probability, (short)source);
        }).ToArray();

        int apps = farm.Apps.Count;
        double bandwidth = farm.Hops.UserBandwidth ?? double.PositiveInfinity;
        (Calls, Browser, Chance, Edges, EdgeNames, Transfer) =
            (new CallPlan[apps][][], new CallPlan[apps][][], new RandomStream?[apps][], new Tally[apps][][], new string[apps][][], new double[apps][]);
        for (int a = 0; a < apps; a++)
        {
            var app = farm.Apps[a];
            var classes = app.Classes ?? [];
            (Calls[a], Browser[a], Chance[a], Edges[a], EdgeNames[a], Transfer[a]) =
                (new CallPlan[classes.Count][], new CallPlan[classes.Count][], new RandomStream?[classes.Count],
                 new Tally[classes.Count][], new string[classes.Count][], new double[classes.Count]);
            for (int c = 0; c < classes.Count; c++)
            {
                var rc = classes[c];
                Calls[a][c] = Plans("call", a, $"{app.Name}.{rc.Name}", rc.CallList);
                Browser[a][c] = Plans("browser", a, $"{app.Name}.{rc.Name}", rc.Browser);
                Chance[a][c] = rc.CallList.Concat(rc.Browser).Any(call => call.Probability < 1) ? run.Stream($"app/{app.Name}/class/{rc.Name}/calls") : null;
                Edges[a][c] = rc.CallList.Select(_ => new Tally()).ToArray();
                EdgeNames[a][c] = rc.CallList.Select(call => $"{app.Name}.{rc.Name}->{call.App}.{call.Class}").ToArray();
                Transfer[a][c] = rc.ResponseBytes / bandwidth;
            }
        }
        // Without client retries no request ever draws from a retry source; each app's own stands in.
        RetrySource = Enumerable.Range(0, apps).Select(a => (short)a).ToArray();
        for (int a = 0; a < apps && farm.Client?.Retries > 0; a++)
        {
            RetrySource[a] = (short)sources.Count;
            sources.Add(new DemandSource(run, farm.Apps[a], $"app/{farm.Apps[a].Name}/retries"));
            visitorApp.Add((short)a);
        }
        Sources = sources.ToArray(); // FarmProblems keeps their number within what a request's short field names
        VisitorApp = visitorApp.ToArray();
        IsRetrySource = new bool[Sources.Length];
        foreach (short source in RetrySource) IsRetrySource[source] = source >= apps;
    }

    /// <summary>Per app, the source its users' retries draw their demands from.</summary>
    public short[] RetrySource { get; }

    /// <summary>Per demand source, whether it draws an app's users' retries (no app's own source does).</summary>
    public bool[] IsRetrySource { get; }

    /// <summary>Per demand source, the app whose workload numbers the visitors its requests carry (a browser call's is its page's app); -1 for server-side calls.</summary>
    public short[] VisitorApp { get; }

    /// <summary>Every demand source, by <see cref="Request.Source"/>; source a is app a's own users.</summary>
    public DemandSource[] Sources { get; }

    public CallPlan[][][] Calls { get; }
    public CallPlan[][][] Browser { get; }
    public RandomStream?[][] Chance { get; }
    public Tally[][][] Edges { get; }
    public string[][][] EdgeNames { get; }
    public double[][] Transfer { get; }
}
