using System.Diagnostics;
using System.IO.Compression;
using System.Text;
using FarmSim.Calibration;
using FarmSim.Logs;

/// <summary>
/// How fast IIS logs are read: a generated W3C log of the default IIS 10 fields (a few header
/// blocks, paths over two apps), read plain and gzipped on one thread, then calibrated (two
/// readings and the fits). The fastest of three runs. Reading allocates nothing per line (its buffers
/// are fixed), so memory does not grow with the log: the allocations of the small and the large log
/// are compared.
/// </summary>
internal static class LogReadingBenchmark
{
    private sealed class Count : ILogSink
    {
        public long Requests;
        public void Take(in LogRecord request) => Requests++;
    }

    public static void Run(Action<string, string, bool> target)
    {
        string folder = Directory.CreateTempSubdirectory("farmsim-bench-logs-").FullName;
        try
        {
            string small = Path.Combine(folder, "small", "u_ex1.log"), large = Path.Combine(folder, "large", "u_ex1.log");
            Write(small, 200_000);
            Write(large, 2_000_000);
            string gz = Path.Combine(folder, "gz", "u_ex1.log.gz");
            Directory.CreateDirectory(Path.GetDirectoryName(gz)!);
            using (var source = File.OpenRead(large))
            using (var file = File.Create(gz))
            using (var zip = new GZipStream(file, CompressionLevel.Fastest))
                source.CopyTo(zip);

            Console.WriteLine();
            Console.WriteLine($"{"log reading",-32} {"lines",12} {"lines/s",12} {"MB/s",9} {"peak WS MB",10}   (the process's peak so far)");
            var (smallRate, _, smallPeak) = Best(() => Read(small));
            long smallAllocated = Allocated(small);
            var (plainRate, mbPerSecond, largePeak) = Best(() => Read(large));
            long largeAllocated = Allocated(large);
            var (gzRate, _, _) = Best(() => Read(gz));
            var (calibrateRate, _, _) = Best(() => Calibrate(large));
            long bytes = new FileInfo(large).Length;
            Console.WriteLine($"{"IIS W3C, plain",-32} {200_000,12:N0} {smallRate / 1e6,10:F2} M {"",9} {smallPeak / 1e6,10:F0}");
            Console.WriteLine($"{"IIS W3C, plain",-32} {2_000_000,12:N0} {plainRate / 1e6,10:F2} M {mbPerSecond,9:F0} {largePeak / 1e6,10:F0}");
            Console.WriteLine($"{"IIS W3C, gzipped",-32} {2_000_000,12:N0} {gzRate / 1e6,10:F2} M");
            Console.WriteLine($"{"calibrate (two readings, fits)",-32} {2_000_000,12:N0} {calibrateRate / 1e6,10:F2} M");
            Console.WriteLine($"({bytes / 1e6:F0} MB of log for 2,000,000 lines)");
            target($"reading IIS logs: {plainRate / 1e6:F2} M lines/s on one thread", "at least 1 M", plainRate >= 1e6);
            double perLine = (largeAllocated - smallAllocated) / 1_800_000.0;
            target($"reading IIS logs: {perLine:F3} bytes allocated per line between 200,000 and 2,000,000 lines ({smallAllocated / 1e6:F1} and {largeAllocated / 1e6:F1} MB in all)", "zero", perLine < 1);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static (double LinesPerSecond, double MegabytesPerSecond, long PeakWorkingSet) Best(Func<(long Lines, long Bytes, double Seconds)> run)
    {
        run(); // warm the JIT up
        var best = Enumerable.Range(0, 3).Select(_ => run()).MinBy(r => r.Seconds);
        Process.GetCurrentProcess().Refresh();
        return (best.Lines / best.Seconds, best.Bytes / 1e6 / best.Seconds, Process.GetCurrentProcess().PeakWorkingSet64);
    }

    private static long Allocated(string file)
    {
        long before = GC.GetTotalAllocatedBytes(precise: true);
        Read(file);
        return GC.GetTotalAllocatedBytes(precise: true) - before;
    }

    private static (long, long, double) Read(string file)
    {
        var clock = Stopwatch.StartNew();
        var reading = LogReader.Read([file], new Count());
        return (reading.Lines, new FileInfo(file).Length, clock.Elapsed.TotalSeconds);
    }

    private static (long, long, double) Calibrate(string file)
    {
        var clock = Stopwatch.StartNew();
        var result = Calibrator.Run(new CalibrationOptions([file]));
        return (result.Reading.Lines, new FileInfo(file).Length, clock.Elapsed.TotalSeconds);
    }

    /// <summary>Lines as IIS 10 writes them by default, a header block every 100,000 lines (a restart), one request every 10 ms.</summary>
    private static void Write(string path, int lines)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 20);
        var start = new DateTime(2026, 11, 30, 0, 0, 0, DateTimeKind.Utc);
        var random = new Random(1);
        for (int i = 0; i < lines; i++)
        {
            if (i % 100_000 == 0)
            {
                writer.Write("#Software: Microsoft Internet Information Services 10.0\r\n#Version: 1.0\r\n");
                writer.Write($"#Date: {start.AddSeconds(i * 0.01):yyyy-MM-dd HH:mm:ss}\r\n");
                writer.Write("#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken\r\n");
            }
            var when = start.AddSeconds(i * 0.01);
            string app = i % 5 == 0 ? "/Reports/Run" : "/Portal/Screen" + (i % 17);
            writer.Write($"{when:yyyy-MM-dd HH:mm:ss} 10.0.0.1 GET {app} - 443 - 10.1.0.{i % 250} Mozilla/5.0+(Windows+NT+10.0;+Win64;+x64)+AppleWebKit/537.36 https://www.mydomain.net/Portal/ 200 0 0 {random.Next(3, 900)}\r\n");
        }
    }
}
