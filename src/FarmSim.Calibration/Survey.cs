using System.Text;
using FarmSim.Logs;

namespace FarmSim.Calibration;

/// <summary>
/// The first reading: the span of the logs, the farm's arrivals per bin (to find its quietest
/// windows), and, when no scenario names the apps, how many requests each first path segment has.
/// </summary>
internal sealed class Survey(AppRoutes? routes, IReadOnlyList<string> excludes) : ILogSink
{
    public const string OtherApp = "Other";
    private const int MostSegments = 10_000;

    private readonly AppRoutes _exclusions = new([], excludes);
    private readonly Dictionary<string, long> _segments = new(StringComparer.OrdinalIgnoreCase);
    private readonly char[] _chars = new char[1024];
    private long _overflow;

    public ArrivalCounts Farm { get; } = new();
    /// <summary>Requests that count: not excluded, and matching an app when the scenario names them.</summary>
    public long Counted { get; private set; }
    public double First { get; private set; } = double.PositiveInfinity;
    public double Last { get; private set; } = double.NegativeInfinity;

    public void Take(in LogRecord request)
    {
        // Without routes every path not excluded counts, and its first segment may become an app.
        int app = routes?.AppOf(request.Path) ?? (_exclusions.AppOf(request.Path) == AppRoutes.Excluded ? AppRoutes.Excluded : 0);
        if (app == AppRoutes.Excluded) return;
        if (routes is null || app == AppRoutes.Unmatched) CountSegment(request.Path);
        if (app == AppRoutes.Unmatched) return;
        Counted++;
        double arrival = request.Arrival + request.Resolution / 2;
        Farm.Add(arrival);
        if (arrival < First) First = arrival;
        if (arrival > Last) Last = arrival;
    }

    private void CountSegment(ReadOnlySpan<byte> path)
    {
        if (path.Length > 0 && path[0] == (byte)'/') path = path[1..];
        int slash = path.IndexOf((byte)'/');
        if (slash >= 0) path = path[..slash];
        if (path.Length > _chars.Length) path = path[.._chars.Length];
        var name = _chars.AsSpan(0, Encoding.UTF8.GetChars(path, _chars));
        var lookup = _segments.GetAlternateLookup<ReadOnlySpan<char>>();
        if (lookup.TryGetValue(name, out long count)) lookup[name] = count + 1;
        else if (_segments.Count < MostSegments) _segments[name.ToString()] = 1;
        else _overflow++;
    }

    /// <summary>The busiest first segments no app matched, for an error that says what the logs hold.</summary>
    public IEnumerable<string> BusiestUnmatched(int count) =>
        _segments.OrderByDescending(s => s.Value).Take(count).Select(s => $"/{s.Key} ({s.Value:N0})");

    /// <summary>The busiest first segments as apps (each at least 1% of the requests, at most 12), the rest as one app.</summary>
    public List<AppRoute> Discovered()
    {
        long total = _segments.Values.Sum() + _overflow;
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { OtherApp };
        var apps = new List<AppRoute>();
        long covered = 0;
        foreach (var (segment, count) in _segments.OrderByDescending(s => s.Value).ThenBy(s => s.Key, StringComparer.Ordinal))
        {
            if (apps.Count == Calibrator.MostApps || count < Calibrator.AppShare * total) break;
            if (segment.Length == 0) continue; // "/" itself (a home page, probes): it goes to Other
            string name = AppName(segment);
            if (!names.Add(name)) continue;
            apps.Add(new AppRoute(name, "/" + segment));
            covered += count;
        }
        if (covered < total) apps.Add(new AppRoute(OtherApp, "/"));
        return apps;
    }

    private static string AppName(string segment)
    {
        var name = new StringBuilder();
        foreach (char c in segment) name.Append(char.IsAsciiLetterOrDigit(c) || c is '_' or '-' ? c : '_');
        return char.IsAsciiLetter(name[0]) ? name.ToString() : "App_" + name;
    }
}
