using System.Globalization;
using System.Text.RegularExpressions;
using FarmSim.Farm.Metrics;
using FarmSim.Farm.Topology;

namespace FarmSim.Scenarios;

/// <summary>
/// Service-level objectives as people write them: <c>AppX.p95 &lt;= 300ms</c>, <c>farm.rejected &lt;= 0.1%</c>,
/// <c>server.utilization &lt;= 75%</c> (every server), <c>zone.Intranet.utilization &lt;= 70%</c>,
/// <c>app.Orders.wait &lt;= 20ms</c>. The subject is <c>farm</c>; <c>server</c>, <c>zone</c> or <c>app</c> for
/// every one of them; <c>server.NAME</c>, <c>zone.NAME</c>, <c>app.NAME</c>; or an app's bare name.
/// </summary>
public static partial class ServiceLevels
{
    private sealed record MetricSpec(string Column, string Unit, string[] Scopes);

    private static readonly string[] All = ["farm", "zone", "app", "server"];

    private static readonly Dictionary<string, MetricSpec> Metrics = new()
    {
        ["p50"] = new("latency_p50_ms", "duration", All),
        ["p90"] = new("latency_p90_ms", "duration", All),
        ["p95"] = new("latency_p95_ms", "duration", All),
        ["p99"] = new("latency_p99_ms", "duration", All),
        ["mean"] = new("latency_mean_ms", "duration", All),
        ["max"] = new("latency_max_ms", "duration", All),
        ["wait"] = new("wait_mean_ms", "duration", All),
        ["rejected"] = new("rejected_fraction", "factor", All),
        ["throughput"] = new("throughput_rps", "rate", All),
        ["utilization"] = new("utilization", "factor", ["farm", "zone", "server"]),
        ["queue"] = new("queue_length_mean", "number", ["server"]),
    };

    public static IReadOnlyCollection<string> MetricNames => Metrics.Keys;

    [GeneratedRegex(@"^\s*(?<subject>.+)\.(?<metric>\w+)(?<peak>@peak)?\s*(?<op><=|>=|<|>)\s*(?<value>.+?)\s*$")]
    private static partial Regex Pattern();

    public static ServiceLevel? Parse(string text, FarmSpec farm, out string problem)
    {
        problem = "";
        var match = Pattern().Match(text);
        if (!match.Success)
        {
            problem = $"'{text}' is not an objective, expected subject.metric <= value, e.g. AppX.p95 <= 300ms, AppX.p95@peak <= 300ms or server.utilization <= 75%";
            return null;
        }
        string metricName = match.Groups["metric"].Value;
        if (!Metrics.TryGetValue(metricName, out var metric))
        {
            problem = $"'{text}': unknown metric '{metricName}', expected one of {string.Join(", ", Metrics.Keys)}";
            return null;
        }

        string subject = match.Groups["subject"].Value.Trim();
        string[] parts = subject.Split('.', 2);
        (string scope, string? name) = parts switch
        {
            ["farm"] => ("farm", (string?)"farm"),
            [var s] when s is "zone" or "app" or "server" => (s, null),
            [var s, var n] when s is "zone" or "app" or "server" => (s, n),
            _ => ("app", subject),
        };
        var names = scope switch
        {
            "zone" => farm.Zones.Select(z => z.Name),
            "server" => farm.Servers.Select(s => s.Name),
            "app" => farm.Apps.Select(a => a.Name),
            _ => ["farm"],
        };
        if (name is not null && !names.Contains(name))
        {
            problem = $"'{text}': there is no {scope} named '{name}', expected one of {string.Join(", ", names)}";
            return null;
        }
        if (!metric.Scopes.Contains(scope))
        {
            problem = $"'{text}': {metricName} is measured for {string.Join(", ", metric.Scopes)}, not for {scope}";
            return null;
        }

        bool atPeak = match.Groups["peak"].Success;
        if (atPeak && !ServiceLevel.MeasuredPerWindow(scope, metric.Column))
        {
            problem = $"'{text}': {metricName} of {(scope == "app" ? "an" : "a")} {scope} is not measured window by window, expected @peak on p95 or throughput (farm, app, server), utilization or queue (server)";
            return null;
        }

        string valueText = match.Groups["value"].Value;
        double target = 0;
        bool ok = metric.Unit switch
        {
            "duration" => Units.TryParseDuration(valueText, out target),
            "rate" => Units.TryParseRate(valueText, out target),
            "factor" => Units.TryParseFactor(valueText, out target),
            _ => double.TryParse(valueText, NumberStyles.Float, CultureInfo.InvariantCulture, out target),
        };
        if (!ok)
        {
            string expected = metric.Unit switch
            {
                "duration" => Units.DurationHint,
                "rate" => Units.RateHint,
                "factor" => "a share such as 75% or 0.75",
                _ => "a number",
            };
            problem = $"'{text}': '{valueText}' is not a target for {metricName}, expected {expected}";
            return null;
        }
        if (metric.Unit == "duration") target *= 1000; // the summary's latencies are in ms
        var comparison = match.Groups["op"].Value.StartsWith('<') ? Comparison.AtMost : Comparison.AtLeast;
        return new ServiceLevel(text.Trim(), scope, name, metric.Column, comparison, target, atPeak);
    }
}
