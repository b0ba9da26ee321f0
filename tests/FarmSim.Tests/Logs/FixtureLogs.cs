using System.Globalization;
using System.IO.Compression;
using System.Text;
using MathNet.Numerics.Distributions;

namespace FarmSim.Tests.Logs;

/// <summary>An app of a known farm: its path, its arrival rate per step of the profile, its lognormal service time.</summary>
internal sealed record FixtureApp(string Path, double[] StepRates, double Mu, double Sigma);

/// <summary>A request of a known farm, as the generator drew it.</summary>
internal readonly record struct FixtureRequest(double Arrival, double Service, int Server, int App, bool Refused);

/// <summary>What the generated logs hold besides clean lines, each a quirk of real IIS logs.</summary>
[Flags]
internal enum Quirks
{
    None = 0,
    /// <summary>IIS restarted midway: a second header block, its fields in another order, with s-computername.</summary>
    Restart = 1,
    /// <summary>Windows line ends.</summary>
    Crlf = 2,
    /// <summary>The last line cut short, as a log copied while written.</summary>
    TruncatedLastLine = 4,
    /// <summary>The second server's log is gzipped.</summary>
    Gzip = 8,
    /// <summary>Some paths carry bytes that are not UTF-8.</summary>
    NonUtf8 = 16,
    /// <summary>Lines that are garbage: missing fields, a bad date, time-taken not a number.</summary>
    Malformed = 32,
    /// <summary>HTTP.sys refusals (QueueFull) in HTTPERR logs, and idle-connection lines that are not requests.</summary>
    HttpErr = 64,
    All = Restart | Crlf | TruncatedLastLine | Gzip | NonUtf8 | Malformed | HttpErr,
}

/// <summary>
/// Writes the logs a known farm would leave: apps whose arrivals are Poisson along a steps
/// profile, lognormal service times, servers behind round robin with workers to spare (so a
/// request's time taken is its service time, truncated to the millisecond), one folder per server,
/// lines in completion order stamped to the second, as IIS writes them. A calibration of these
/// logs must give back what they were drawn from.
/// </summary>
internal static class FixtureLogs
{
    public static readonly DateTime Start = new(2026, 11, 30, 8, 0, 0, DateTimeKind.Utc);

    private const string DefaultFields = "date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken";
    private const string RestartFields = "time-taken date time s-computername cs-uri-stem sc-status sc-substatus sc-win32-status cs-method";

    /// <summary>The requests: per app and step, Poisson arrivals; round robin over all of them in arrival order.</summary>
    /// <param name="burst">When above 1, arrivals are MMPP-2 instead: the rate times this factor in bursts of 10 s, every 40 s on average.</param>
    public static List<FixtureRequest> Draw(IReadOnlyList<FixtureApp> apps, double step, int servers, int seed, double refusedShare = 0, double burst = 1)
    {
        var random = new Random(seed);
        var requests = new List<(double Arrival, int App)>();
        for (int a = 0; a < apps.Count; a++)
        {
            double t = 0;
            bool bursting = false;
            double switchAt = Exponential(random, 40);
            double end = step * apps[a].StepRates.Length;
            while (true)
            {
                int k = Math.Min((int)(t / step), apps[a].StepRates.Length - 1);
                double rate = apps[a].StepRates[k] * (bursting ? burst : 1);
                double next = t + Exponential(random, 1 / rate);
                double boundary = Math.Min((k + 1) * step, burst > 1 ? switchAt : double.PositiveInfinity);
                if (next >= boundary)
                {
                    // Memoryless: start afresh from the boundary at the new rate.
                    t = boundary;
                    if (burst > 1 && boundary == switchAt)
                    {
                        bursting = !bursting;
                        switchAt = t + Exponential(random, bursting ? 10 : 40);
                    }
                    if (t >= end) break;
                    continue;
                }
                t = next;
                requests.Add((t, a));
            }
        }
        requests.Sort((x, y) => x.Arrival.CompareTo(y.Arrival));
        var drawn = new List<FixtureRequest>(requests.Count);
        int rr = 0;
        foreach (var (arrival, app) in requests)
        {
            double service = LogNormal.Sample(random, apps[app].Mu, apps[app].Sigma);
            bool refused = random.NextDouble() < refusedShare;
            drawn.Add(new FixtureRequest(arrival, service, rr, app, refused));
            rr = (rr + 1) % servers;
        }
        return drawn;
    }

    private static double Exponential(Random random, double mean) => -mean * Math.Log(1 - random.NextDouble());

    /// <summary>Writes each server's W3C log (and HTTPERR log) under <paramref name="folder"/>/fe{n}/; returns how many garbage lines went in.</summary>
    public static int Write(string folder, IReadOnlyList<FixtureApp> apps, IReadOnlyList<FixtureRequest> requests, int servers, Quirks quirks)
    {
        int garbage = 0;
        string end = quirks.HasFlag(Quirks.Crlf) ? "\r\n" : "\n";
        for (int s = 0; s < servers; s++)
        {
            string server = $"fe{s + 1}";
            var mine = requests.Where(r => r.Server == s).ToList();
            var answered = mine.Where(r => !r.Refused).Select(r => (Stamp: Math.Floor(r.Arrival + r.Service), Request: r)).OrderBy(x => x.Stamp).ToList();
            var text = new MemoryStream();
            void Line(string line) => text.Write(Encoding.UTF8.GetBytes(line + end));
            void Header(string fields)
            {
                Line("#Software: Microsoft Internet Information Services 10.0");
                Line("#Version: 1.0");
                Line($"#Date: {Start.AddSeconds(answered.Count > 0 ? answered[0].Stamp : 0):yyyy-MM-dd HH:mm:ss}");
                Line($"#Fields: {fields}");
            }
            Header(DefaultFields);
            bool restarted = false;
            for (int i = 0; i < answered.Count; i++)
            {
                var (stamp, r) = answered[i];
                var when = Start.AddSeconds(stamp);
                string date = when.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), time = when.ToString("HH:mm:ss", CultureInfo.InvariantCulture);
                long ms = (long)Math.Floor(r.Service * 1000);
                string path = apps[r.App].Path + (i % 3 == 0 ? "/Home" : "/Screen" + (i % 7));
                if (quirks.HasFlag(Quirks.Restart) && !restarted && i == answered.Count / 2)
                {
                    restarted = true;
                    Header(RestartFields);
                }
                if (quirks.HasFlag(Quirks.NonUtf8) && i % 50 == 7)
                {
                    // A Latin-1 é in the path: not UTF-8, and the line must still be read.
                    text.Write(Encoding.ASCII.GetBytes(restarted ? $"{ms} {date} {time} {server.ToUpperInvariant()} " : $"{date} {time} 10.0.0.{s + 1} GET "));
                    text.Write(Encoding.ASCII.GetBytes(apps[r.App].Path + "/Caf"));
                    text.WriteByte(0xE9);
                    text.Write(Encoding.ASCII.GetBytes(restarted ? $" 200 0 0 GET{end}" : $" - 443 - 10.1.0.9 Mozilla/5.0+(Windows+NT+10.0) - 200 0 0 {ms}{end}"));
                    continue;
                }
                if (restarted) Line($"{ms} {date} {time} {server.ToUpperInvariant()} {path} 200 0 {(i % 97 == 0 ? 64 : 0)} GET");
                else Line($"{date} {time} 10.0.0.{s + 1} GET {path} {(i % 5 == 0 ? "id=" + i : "-")} 443 {(i % 4 == 0 ? "CORP\\user" + i % 10 : "-")} 10.1.0.9 Mozilla/5.0+(Windows+NT+10.0;+Win64;+x64) {(i % 2 == 0 ? "-" : "https://www.mydomain.net/")} 200 0 {(i % 97 == 0 ? 64 : 0)} {ms}");
                if (quirks.HasFlag(Quirks.Malformed) && i % 1000 == 500)
                {
                    Line(restarted ? $"{ms} {date} {time} {server}" : $"{date} {time} 10.0.0.{s + 1} GET {path}"); // fields missing
                    Line(restarted ? $"abc {date} {time} {server} {path} 200 0 0 GET" : $"{date} {time} 10.0.0.{s + 1} GET {path} - 443 - 10.1.0.9 - - 200 0 0 12x"); // time-taken not a number
                    Line(restarted ? $"{ms} 2026-13-45 {time} {server} {path} 200 0 0 GET" : $"2026-13-45 {time} 10.0.0.{s + 1} GET {path} - 443 - 10.1.0.9 - - 200 0 0 {ms}"); // no such date
                    garbage += 3;
                }
            }
            if (quirks.HasFlag(Quirks.TruncatedLastLine))
            {
                text.Write(Encoding.UTF8.GetBytes(restarted ? "15 2026-11-30 09:59:59 FE" : "2026-11-30 09:59:59 10.0.0.1 GET /Por"));
                garbage++;
            }
            string dir = Path.Combine(folder, server, "W3SVC1");
            Directory.CreateDirectory(dir);
            byte[] bytes = text.ToArray();
            if (quirks.HasFlag(Quirks.Gzip) && s == 1)
            {
                using var file = File.Create(Path.Combine(dir, "u_ex261130.log.gz"));
                using var gzip = new GZipStream(file, CompressionLevel.Fastest);
                gzip.Write(bytes);
            }
            else File.WriteAllBytes(Path.Combine(dir, "u_ex261130.log"), bytes);

            if (quirks.HasFlag(Quirks.HttpErr))
            {
                var errors = new StringBuilder();
                errors.Append($"#Software: Microsoft HTTP API 2.0{end}#Version: 1.0{end}#Date: {Start:yyyy-MM-dd HH:mm:ss}{end}");
                errors.Append($"#Fields: date time c-ip c-port s-ip s-port cs-version cs-method cs-uri streamid sc-status s-siteid s-reason s-queuename{end}");
                foreach (var r in mine.Where(r => r.Refused))
                {
                    var when = Start.AddSeconds(Math.Floor(r.Arrival));
                    errors.Append($"{when:yyyy-MM-dd HH:mm:ss} 10.1.0.9 50000 10.0.0.{s + 1} 443 HTTP/1.1 GET {apps[r.App].Path}/Home?x=1 - 503 1 QueueFull DefaultAppPool{end}");
                }
                errors.Append($"{Start:yyyy-MM-dd} 08:30:00 10.1.0.9 50001 10.0.0.{s + 1} 443 - - - - - - Timer_ConnectionIdle -{end}");
                string errDir = Path.Combine(folder, server, "HTTPERR");
                Directory.CreateDirectory(errDir);
                File.WriteAllText(Path.Combine(errDir, "httperr1.log"), errors.ToString());
            }
        }
        return garbage;
    }
}
