using System.IO.Compression;
using System.Text;
using FarmSim.Engine;
using FarmSim.Logs;

namespace FarmSim.Tests.Logs;

/// <summary>Real logs are hostile input: whatever their bytes, reading counts and skips, and never throws.</summary>
public class LogReaderTests
{
    private sealed class Count : ILogSink
    {
        public long Requests;
        public void Take(in LogRecord request)
        {
            Requests++;
            Assert.That(double.IsFinite(request.Arrival));
            Assert.That(double.IsNaN(request.Duration) || request.Duration >= 0);
        }
    }

    private string _folder = "";
    private byte[] _clean = [];

    [OneTimeSetUp]
    public void WriteLog()
    {
        _folder = Directory.CreateTempSubdirectory("farmsim-hostile-").FullName;
        FixtureApp[] apps = [new("/Portal", [5], -3, 0.8)];
        FixtureLogs.Write(Path.Combine(_folder, "clean"), apps, FixtureLogs.Draw(apps, 120, 1, seed: 5, refusedShare: 0.05), 1, Quirks.All);
        _clean = File.ReadAllBytes(Path.Combine(_folder, "clean", "fe1", "W3SVC1", "u_ex261130.log"));
    }

    [OneTimeTearDown]
    public void Remove() => Directory.Delete(_folder, recursive: true);

    private static byte[] Mutate(byte[] clean, int seed)
    {
        var random = new RandomStream(seed, 0, "log-mutations");
        var bytes = new List<byte>(clean);
        byte[] pieces = "#Fields: date time cs-uri-stem time-taken\n- -- 2026-02-30 25:61:61 \r\n\n+%\u00ff\u0000 9999999999999999999 -1 "u8.ToArray();
        int mutations = 1 + random.Next(40);
        for (int m = 0; m < mutations && bytes.Count > 0; m++)
        {
            int at = random.Next(bytes.Count);
            switch (random.Next(6))
            {
                case 0: bytes.RemoveRange(at, Math.Min(bytes.Count - at, 1 + random.Next(80))); break;
                case 1: bytes.Insert(at, (byte)random.Next(256)); break;
                case 2: bytes[at] = pieces[random.Next(pieces.Length)]; break;
                case 3: bytes.InsertRange(at, pieces.Skip(random.Next(pieces.Length)).Take(1 + random.Next(20))); break;
                case 4: bytes.RemoveRange(at, bytes.Count - at); break; // cut short
                default: bytes.InsertRange(at, bytes.Skip(at).Take(random.Next(300)).ToArray()); break;
            }
        }
        return [.. bytes];
    }

    [Test]
    public void Four_hundred_mangled_logs_are_read_without_an_exception()
    {
        string file = Path.Combine(_folder, "mangled", "fe1", "u_ex261130.log");
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        for (int seed = 0; seed < 400; seed++)
        {
            File.WriteAllBytes(file, Mutate(_clean, seed));
            var sink = new Count();
            var reading = LogReader.Read([file], sink);
            Assert.That(sink.Requests, Is.EqualTo(reading.Requests), $"seed {seed}");
            Assert.That(reading.Requests + reading.Skipped, Is.LessThanOrEqualTo(reading.Lines), $"seed {seed}");
        }
    }

    [TestCase("haproxy")]
    [TestCase("nginx")]
    public void Two_hundred_mangled_balancer_logs_are_read_without_an_exception(string kind)
    {
        const string format = "$remote_addr - [$time_local] \"$request\" $status $msec $request_time $upstream_addr $upstream_response_time";
        var lines = Enumerable.Range(0, 300).Select(i => kind == "haproxy"
            ? $"Nov 30 08:00:00 lb1 haproxy[1]: 10.1.0.9:{40000 + i} [30/Nov/2026:08:{i / 60 % 60:00}:{i % 60:00}.{i % 1000:000}] www portal/fe{i % 2 + 1} 0/{i % 3 - 1}/1/{i % 200}/{i % 200 + 2} {(i % 17 == 0 ? 503 : 200)} 1024 - - ---- 1/1/1/1/0 0/0 \"GET /Portal/S{i % 9}?q={i} HTTP/1.1\""
            : $"10.1.0.9 - [30/Nov/2026:08:{i / 60 % 60:00}:{i % 60:00} +0100] \"GET /Portal/S{i % 9} HTTP/1.1\" 200 {1796025600 + i}.{i % 1000:000} 0.{i % 900:000} 10.0.0.{i % 2 + 1}:80{(i % 7 == 0 ? ", 10.0.0.3:80" : "")} 0.{i % 800:000}{(i % 7 == 0 ? ", 0.010" : "")}");
        byte[] clean = Encoding.UTF8.GetBytes(string.Join("\r\n", lines) + "\r\n");
        string file = Path.Combine(_folder, kind, "fe1", "access.log");
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        var options = new LogOptions { NginxFormat = format };
        File.WriteAllBytes(file, clean);
        Assert.That(LogReader.Read([file], new Count(), options).Requests, Is.EqualTo(300), "the clean log is read whole");
        for (int seed = 0; seed < 200; seed++)
        {
            File.WriteAllBytes(file, Mutate(clean, seed));
            var sink = new Count();
            var reading = LogReader.Read([file], sink, options);
            Assert.That(sink.Requests, Is.EqualTo(reading.Requests), $"seed {seed}");
            Assert.That(reading.Requests + reading.Skipped + reading.NotRequests, Is.LessThanOrEqualTo(reading.Lines), $"seed {seed}");
        }
    }

    [Test]
    public void A_damaged_gzip_file_and_a_binary_file_are_file_errors_and_the_other_files_are_read()
    {
        string gz = Path.Combine(_folder, "damaged", "fe1", "u_ex1.log.gz");
        Directory.CreateDirectory(Path.GetDirectoryName(gz)!);
        using (var memory = new MemoryStream())
        {
            using (var zip = new GZipStream(memory, CompressionLevel.Fastest, leaveOpen: true)) zip.Write(_clean);
            var bytes = memory.ToArray();
            for (int i = bytes.Length / 2; i < bytes.Length / 2 + 64; i++) bytes[i] ^= 0x5a;
            File.WriteAllBytes(gz, bytes);
        }
        string binary = Path.Combine(_folder, "damaged", "fe2", "u_ex1.log");
        Directory.CreateDirectory(Path.GetDirectoryName(binary)!);
        File.WriteAllBytes(binary, Enumerable.Range(0, 100_000).Select(i => (byte)(i * 7919 % 251)).ToArray());
        string good = Path.Combine(_folder, "damaged", "fe3", "u_ex1.log");
        Directory.CreateDirectory(Path.GetDirectoryName(good)!);
        File.WriteAllBytes(good, _clean);
        var reading = LogReader.Read([Path.Combine(_folder, "damaged")], new Count());
        var clean = LogReader.Read([good], new Count());
        Assert.Multiple(() =>
        {
            Assert.That(reading.FileErrors.Select(e => e.ToString()), Has.Some.Contains("u_ex1.log.gz: the gzip data is damaged").And.Some.Contains("fe2"));
            Assert.That(reading.Requests, Is.EqualTo(clean.Requests), "the good file is read whole");
        });
    }

    [Test]
    public void Paths_are_matched_to_apps_without_regard_to_case_at_segment_boundaries_and_exclusions_first()
    {
        var routes = new AppRoutes([new("Portal", "/Portal"), new("PortalAdmin", "/Portal/Admin"), new("Root", "/")], ["*.css", "/health*"], fallback: 2);
        int App(string path) => routes.AppOf(Encoding.UTF8.GetBytes(path));
        Assert.Multiple(() =>
        {
            Assert.That(App("/portal/Home"), Is.EqualTo(0));
            Assert.That(App("/PORTAL"), Is.EqualTo(0));
            Assert.That(App("/portal/admin/Users"), Is.EqualTo(1), "the longest route wins");
            Assert.That(App("/PortalX/Home"), Is.EqualTo(2), "not a segment boundary: the fallback");
            Assert.That(App("/Portal/css/site.CSS"), Is.EqualTo(AppRoutes.Excluded));
            Assert.That(App("/healthcheck"), Is.EqualTo(AppRoutes.Excluded));
            Assert.That(new AppRoutes([new("Portal", "/Portal")], []).AppOf("/Shop"u8), Is.EqualTo(AppRoutes.Unmatched));
        });
    }

    private sealed class Keep : ILogSink
    {
        public readonly List<(double Arrival, RequestFate Fate)> Requests = [];
        public void Take(in LogRecord r) => Requests.Add((r.Arrival, r.Fate));
    }

    [Test]
    public void HTTPERR_refusals_arrive_at_their_stamp_and_queue_drops_a_connection_timeout_before()
    {
        string file = Path.Combine(_folder, "httperr", "fe1", "httperr1.log");
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        File.WriteAllText(file, "#Software: Microsoft HTTP API 2.0\r\n#Version: 1.0\r\n#Fields: date time c-ip c-port s-ip s-port cs-version cs-method cs-uri sc-status s-siteid s-reason s-queuename\r\n"
            + "2026-11-30 08:10:00 10.1.0.9 1 10.0.0.1 443 HTTP/1.1 GET /Portal/Home 503 1 QueueFull Pool\r\n"
            + "2026-11-30 08:10:00 10.1.0.9 2 10.0.0.1 443 HTTP/1.1 GET http://www.mydomain.net/Portal/Home?x=1 - 1 Timer_AppPool Pool\r\n"
            + "2026-11-30 08:10:00 10.1.0.9 3 10.0.0.1 443 - - - - - Timer_ConnectionIdle -\r\n");
        var keep = new Keep();
        var reading = LogReader.Read([file], keep);
        double stamp = new DateTimeOffset(2026, 11, 30, 8, 10, 0, TimeSpan.Zero).ToUnixTimeSeconds();
        Assert.Multiple(() =>
        {
            Assert.That(keep.Requests, Is.EqualTo(new[] { (stamp, RequestFate.QueueFull), (stamp - 120, RequestFate.TimedOutInQueue) }));
            Assert.That(reading.NotRequests, Is.EqualTo(1));
            Assert.That(reading.Skipped, Is.Zero);
        });
    }
}
