using System.Globalization;
using System.Text;

namespace FarmSim.Logs;

/// <summary>
/// Reads HAProxy HTTP logs (<c>option httplog</c>), from the <c>haproxy[pid]:</c> token on, so
/// whatever a syslog server put before it does not matter. The bracketed date is when the request's
/// first byte came (HAProxy 1.7 and later; the accept date before), to the millisecond: it is the
/// arrival, in the HAProxy host's local time (shifted by the given UTC offset). The timers are TR/Tw/Tc/Tr/Ta (Tq/Tw/Tc/Tr/Tt before 1.7), −1 where missing: the server's
/// time is Tr, the time to the server's complete response headers. <c>&lt;NOSRV&gt;</c> means no
/// server took the request (HAProxy refused or queued it out); <c>&lt;BADREQ&gt;</c> is not a request.
/// </summary>
internal static class HaproxyLog
{
    public static bool Recognises(ReadOnlySpan<byte> line) => line.IndexOf("haproxy["u8) >= 0;

    /// <param name="utcOffset">Seconds the HAProxy host's local time, in which it dates its lines, is ahead of UTC.</param>
    public static void Read(LineReader lines, ReadOnlySpan<byte> first, LogFile file, LogReading reading, ILogSink sink, double utcOffset)
    {
        reading.Format("HAProxy");
        Line(first, lines, file, reading, sink, utcOffset);
        while (lines.Next(out var line)) Line(line, lines, file, reading, sink, utcOffset);
    }

    private static void Line(ReadOnlySpan<byte> bytes, LineReader lines, LogFile file, LogReading reading, ILogSink sink, double utcOffset)
    {
        if (!reading.Readable(file.Path, lines, bytes)) return;
        long number = lines.Number;
        string line = Encoding.UTF8.GetString(bytes);
        int start = line.IndexOf("haproxy[", StringComparison.Ordinal);
        int colon = start < 0 ? -1 : line.IndexOf("]:", start, StringComparison.Ordinal);
        if (colon < 0)
        {
            reading.Skip(file.Path, number, "no haproxy[pid]: token, expected an HAProxy log line");
            return;
        }
        string rest = line[(colon + 2)..].TrimStart();
        int quote = rest.IndexOf('"');
        string head = quote < 0 ? rest : rest[..quote];
        string request = quote < 0 ? "" : rest[(quote + 1)..].TrimEnd('"');
        var fields = head.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        // client:port [date] frontend backend/server timers status bytes …
        if (fields.Length < 6 || !fields[1].StartsWith('[') || !fields[1].EndsWith(']'))
        {
            reading.Skip(file.Path, number, lines.Unterminated ? "the last line is cut short (no line end)" : "the line is not an HTTP log line (option httplog)", "expected client, [date], frontend, backend/server, timers, status");
            return;
        }
        if (!DateTime.TryParseExact(fields[1][1..^1], ["dd/MMM/yyyy:HH:mm:ss.fff", "dd/MMM/yyyy:HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var date)
            || !LogReading.Plausible((date - DateTime.UnixEpoch).TotalSeconds))
        {
            reading.Skip(file.Path, number, "the date cannot be read, expected [dd/MMM/yyyy:HH:mm:ss.fff]", $"'{fields[1]}'");
            return;
        }
        var timers = fields[4].Split('/');
        if (timers.Length != 5 || !timers.All(t => int.TryParse(t.TrimStart('+'), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _)))
        {
            reading.Skip(file.Path, number, "the timers are not TR/Tw/Tc/Tr/Ta", $"'{fields[4]}'");
            return;
        }
        if (request.StartsWith("<BADREQ>", StringComparison.Ordinal))
        {
            reading.NotRequests++;
            return;
        }
        var target = request.Split(' ');
        if (target.Length < 2)
        {
            reading.Skip(file.Path, number, "no request line, expected \"GET /path HTTP/1.1\" last");
            return;
        }
        string path = target[1];
        int query = path.IndexOf('?');
        if (query >= 0) path = path[..query];
        int slash = fields[3].IndexOf('/');
        string server = slash >= 0 ? fields[3][(slash + 1)..] : fields[3];
        int tr = int.Parse(timers[3].TrimStart('+'), CultureInfo.InvariantCulture);
        var record = new LogRecord
        {
            Arrival = (date - DateTime.UnixEpoch).TotalSeconds - utcOffset,
            Resolution = fields[1].Contains('.') ? 0.001 : 1,
            Duration = tr >= 0 ? tr / 1000.0 : double.NaN,
            Path = Encoding.UTF8.GetBytes(path),
            Fate = server == "<NOSRV>" ? RequestFate.Refused : RequestFate.Answered,
        };
        if (!int.TryParse(fields[5], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out record.Status))
        {
            reading.Skip(file.Path, number, "the status is not a number", $"'{fields[5]}'");
            return;
        }
        record.Server = reading.Server((server == "<NOSRV>" ? file.FolderServer ?? file.FallbackServer : server).AsSpan());
        if (record.Server < 0)
        {
            reading.Skip(file.Path, number, $"more than {LogReading.MostServers} distinct servers");
            return;
        }
        if (double.IsNaN(record.Duration)) reading.WithoutDuration++;
        reading.Requests++;
        reading.Arrived(record.Arrival + record.Resolution / 2);
        sink.Take(record);
    }
}
