using System.IO.Compression;

namespace FarmSim.Logs;

/// <summary>How to read logs whose lines do not say everything themselves.</summary>
public sealed record LogOptions
{
    /// <summary>Seconds local time is ahead of UTC, for IIS Advanced Logging's date-local/time-local and HAProxy's dates.</summary>
    public double UtcOffset { get; init; }

    /// <summary>The NGINX log_format the access logs were written with (their lines say nothing of it); null when none are NGINX's.</summary>
    public string? NginxFormat { get; init; }
}

/// <summary>
/// Reads a set of logs, file after file, handing each request to a sink. A line that cannot be read
/// is counted and passed over; a file that cannot be opened or is not a log this reads is a file
/// error. Nothing a log holds makes it throw. Memory does not grow with the logs' size.
/// </summary>
public static class LogReader
{
    /// <summary>What is wrong with an NGINX log_format for reading requests from it, or null.</summary>
    public static string? NginxFormatProblem(string format) => NginxLog.Problem(format);

    public static LogReading Read(IEnumerable<string> inputs, ILogSink sink, LogOptions? options = null, CancellationToken cancellation = default)
    {
        var reading = new LogReading();
        var files = LogFiles.Expand(inputs, reading.FileErrors);
        reading.Files = files.Select(f => f.Path).ToList();
        foreach (var file in files)
        {
            cancellation.ThrowIfCancellationRequested();
            ReadFile(file, reading, sink, options ?? new LogOptions());
        }
        return reading;
    }

    private static void ReadFile(LogFile file, LogReading reading, ILogSink sink, LogOptions options)
    {
        long linesBefore = reading.Lines;
        try
        {
            using var stream = LogFiles.Open(file.Path);
            var lines = new LineReader(stream);
            if (!lines.Next(out var first))
            {
                reading.FileErrors.Add(new LogProblem(file.Path, 0, "the file is empty, expected log lines"));
                return;
            }
            if (W3cLog.Recognises(first, file.Path)) W3cLog.Read(lines, first, file, reading, sink, options.UtcOffset);
            else if (HaproxyLog.Recognises(first)) HaproxyLog.Read(lines, first, file, reading, sink, options.UtcOffset);
            else if (options.NginxFormat is { } format) NginxLog.Read(format, lines, first, file, reading, sink);
            else reading.FileErrors.Add(new LogProblem(file.Path, 1, "the format is not one this reads, expected an IIS W3C extended log (its first line a directive such as #Software:), an HTTP.sys HTTPERR log, an HAProxy HTTP log, or an NGINX access log with its --nginx-format"));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            long at = reading.Lines - linesBefore;
            reading.FileErrors.Add(new LogProblem(file.Path, 0, e is InvalidDataException
                ? $"the gzip data is damaged ({e.Message}); {at:N0} lines before the damage were read, the rest of the file is lost"
                : $"cannot be read: {e.Message}"));
        }
    }
}
