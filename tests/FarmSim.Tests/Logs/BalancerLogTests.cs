using System.Globalization;
using System.Text;
using FarmSim.Calibration;
using FarmSim.Logs;
using MathNet.Numerics.Distributions;

namespace FarmSim.Tests.Logs;

/// <summary>
/// The logs of the balancers in front: NGINX access logs by their log_format, HAProxy HTTP logs
/// behind a syslog prefix. Each is written here from known requests, its quirks included, and must
/// give back their arrivals, server times and servers.
/// </summary>
public class BalancerLogTests
{
    private sealed class Keep : ILogSink
    {
        public readonly List<(double Arrival, double Duration, string Path, int Server, int Status, RequestFate Fate)> Requests = [];
        public void Take(in LogRecord r) => Requests.Add((r.Arrival, r.Duration, Encoding.UTF8.GetString(r.Path), r.Server, r.Status, r.Fate));
    }

    private string _folder = "";

    [SetUp]
    public void MakeFolder() => _folder = Directory.CreateTempSubdirectory("farmsim-balancer-logs-").FullName;

    [TearDown]
    public void Remove() => Directory.Delete(_folder, recursive: true);

    private const string Format = "$remote_addr - $remote_user [$time_local] \"$request\" $status $body_bytes_sent $msec $request_time $upstream_addr $upstream_response_time";

    [Test]
    public void NGINX_lines_give_arrival_as_the_write_less_request_time_and_the_summed_upstream_times()
    {
        var start = new DateTimeOffset(2026, 11, 30, 8, 0, 0, TimeSpan.FromHours(1));
        string Line(double msec, double requestTime, string request, int status, string upstream, string upstreamTimes) =>
            $"10.1.0.9 - - [{start.AddSeconds(msec - start.ToUnixTimeSeconds()):dd/MMM/yyyy:HH:mm:ss} +0100] \"{request}\" {status} 512 {msec.ToString("0.000", CultureInfo.InvariantCulture)} {requestTime.ToString("0.000", CultureInfo.InvariantCulture)} {upstream} {upstreamTimes}";
        double t0 = start.ToUnixTimeSeconds() + 10;
        string file = Path.Combine(_folder, "access.log");
        File.WriteAllLines(file,
        [
            Line(t0 + 0.250, 0.200, "GET /Portal/Home?x=1 HTTP/1.1", 200, "10.0.0.1:80", "0.180"),
            Line(t0 + 1.500, 0.900, "POST /Reports/Run HTTP/1.1", 200, "10.0.0.1:80, 10.0.0.2:80", "0.300, 0.550"), // a retry: both servers' times
            Line(t0 + 2.000, 0.050, "GET /Portal/Home HTTP/1.1", 200, "10.0.0.2:80 : 10.0.0.1:80", "0.020 : 0.025"), // an internal redirect
            Line(t0 + 3.000, 0.001, "GET /Portal/Home HTTP/1.1", 502, "portal_backend", "-"), // no server could be chosen
            "this is not a line of the format",
            Line(t0 + 4.000, 0.010, "GET /Portal/Home HTTP/1.1", 200, "10.0.0.2:80", "-"),
        ]);
        var keep = new Keep();
        var reading = LogReader.Read([file], keep, new LogOptions { NginxFormat = Format });
        Assert.Multiple(() =>
        {
            Assert.That(reading.Formats, Is.EquivalentTo(new[] { "NGINX" }));
            Assert.That(reading.Skipped, Is.EqualTo(1), string.Join("; ", reading.Problems));
            var r = keep.Requests;
            Assert.That(r.Select(x => x.Path), Is.EqualTo(new[] { "/Portal/Home", "/Reports/Run", "/Portal/Home", "/Portal/Home", "/Portal/Home" }));
            Assert.That(r[0].Arrival, Is.EqualTo(t0 + 0.050).Within(1e-6));
            Assert.That(r[1].Duration, Is.EqualTo(0.850).Within(1e-9), "the upstream times of a retry add up");
            Assert.That(r[2].Duration, Is.EqualTo(0.045).Within(1e-9), "and across a redirect");
            Assert.That(reading.Servers[r[1].Server], Is.EqualTo("10.0.0.2:80"), "the last server tried");
            Assert.That(reading.Servers[r[2].Server], Is.EqualTo("10.0.0.1:80"), "the last group's server");
            Assert.That(r[3].Fate, Is.EqualTo(RequestFate.Refused));
            Assert.That(r[4].Duration, Is.EqualTo(0.010).Within(1e-9), "no upstream time: the request time");
        });
    }

    [Test]
    public void HAProxy_lines_behind_a_syslog_prefix_give_the_request_date_as_arrival_and_Tr_as_the_server_time()
    {
        string file = Path.Combine(_folder, "haproxy.log");
        File.WriteAllLines(file,
        [
            "Nov 30 08:00:10 lb1 haproxy[2211]: 10.1.0.9:51234 [30/Nov/2026:08:00:10.120] www portal/fe1 0/0/1/85/87 200 1024 - - ---- 12/12/3/1/0 0/0 \"GET /Portal/Home?x=1 HTTP/1.1\"",
            "<134>Nov 30 08:00:11 lb1 haproxy[2211]: 10.1.0.9:51235 [30/Nov/2026:08:00:11.005] www portal/fe2 0/3/0/240/245 200 88 - - ---- 12/12/3/1/0 0/2 {host.example} \"POST /Reports/Run HTTP/1.1\"",
            "Nov 30 08:00:12 lb1 haproxy[2211]: 10.1.0.9:51236 [30/Nov/2026:08:00:12.000] www portal/<NOSRV> 0/-1/-1/-1/3000 503 212 - - sQ-- 12/12/3/0/0 0/40 \"GET /Portal/Home HTTP/1.1\"",
            "Nov 30 08:00:13 lb1 haproxy[2211]: 10.1.0.9:51237 [30/Nov/2026:08:00:13.000] www www/<NOSRV> -1/-1/-1/-1/5 400 187 - - PR-- 1/1/0/0/0 0/0 \"<BADREQ>\"",
            "Nov 30 08:00:14 lb1 haproxy[2211]: 10.1.0.9:51238 [30/Nov/2026:08:00:14.000] www portal/fe1 0/0/1/x/87 200 1024",
        ]);
        var keep = new Keep();
        var reading = LogReader.Read([file], keep);
        var t = new DateTimeOffset(2026, 11, 30, 8, 0, 10, 120, TimeSpan.Zero).ToUnixTimeMilliseconds() / 1000.0;
        Assert.Multiple(() =>
        {
            Assert.That(reading.Formats, Is.EquivalentTo(new[] { "HAProxy" }));
            Assert.That(keep.Requests, Has.Count.EqualTo(3));
            Assert.That(reading.NotRequests, Is.EqualTo(1), "<BADREQ>");
            Assert.That(reading.Skipped, Is.EqualTo(1), "timers that are not numbers");
            Assert.That(keep.Requests[0].Arrival, Is.EqualTo(t).Within(1e-6));
            Assert.That(keep.Requests[0].Duration, Is.EqualTo(0.085).Within(1e-9));
            Assert.That(keep.Requests[1].Path, Is.EqualTo("/Reports/Run"), "header captures in braces before the request");
            Assert.That(reading.Servers[keep.Requests[1].Server], Is.EqualTo("fe2"));
            Assert.That(keep.Requests[2].Fate, Is.EqualTo(RequestFate.Refused));
            Assert.That(double.IsNaN(keep.Requests[2].Duration), "Tr of -1: no server time");
        });
    }

    [Test]
    public void Calibrating_HAProxy_logs_of_a_known_farm_gives_back_its_lognormal_service_time()
    {
        // Poisson arrivals at 30/s for 20 min, lognormal server times (mu −2.5, sigma 0.6), round robin over two servers.
        var random = new Random(31);
        var lines = new List<string>();
        double t = 0;
        int n = 0;
        var start = new DateTime(2026, 11, 30, 8, 0, 0, DateTimeKind.Utc);
        while ((t += Exponential.Sample(random, 30)) < 1200)
        {
            int tr = (int)Math.Floor(LogNormal.Sample(random, -2.5, 0.6) * 1000);
            lines.Add($"Nov 30 08:00:00 lb1 haproxy[1]: 10.1.0.9:{40000 + n % 20000} [{start.AddSeconds(t):dd/MMM/yyyy:HH:mm:ss.fff}] www portal/fe{n % 2 + 1} 0/0/1/{tr}/{tr + 2} 200 1024 - - ---- 1/1/1/1/0 0/0 \"GET /Portal/Screen{n % 9} HTTP/1.1\"");
            n++;
        }
        string file = Path.Combine(_folder, "haproxy.log");
        File.WriteAllLines(file, lines);
        var result = Calibrator.Run(new CalibrationOptions([file]) { ServiceFrom = ServiceSource.All });
        var portal = result.Apps.Single(a => a.Name == "Portal");
        var lognormal = portal.Used!.Fits.Single(f => f.Name == "lognormal");
        double z = Normal.InvCDF(0, 1, 1 - 0.001 / 2 / 2);
        Assert.Multiple(() =>
        {
            Assert.That(portal.Requests, Is.EqualTo(n));
            Assert.That(portal.Used.ChosenName, Is.EqualTo("lognormal"));
            Assert.That(lognormal.Estimates[0].Value, Is.EqualTo(-2.5).Within(z * lognormal.Estimates[0].StandardError));
            Assert.That(lognormal.Estimates[1].Value, Is.EqualTo(0.6).Within(z * lognormal.Estimates[1].StandardError));
            Assert.That(result.Servers.Select(s => s.Name), Is.EqualTo(new[] { "fe1", "fe2" }));
        });
    }
}
