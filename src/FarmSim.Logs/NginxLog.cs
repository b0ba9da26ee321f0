using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace FarmSim.Logs;

/// <summary>
/// Reads NGINX access logs written by a given <c>log_format</c>: the format's literal text and
/// <c>$variables</c> are matched in order, each variable taking as little text as lets the line match. NGINX writes a
/// line when a request ends: the stamp (<c>$msec</c>, <c>$time_iso8601</c> or <c>$time_local</c>)
/// less <c>$request_time</c> is the arrival. The server's time is <c>$upstream_response_time</c>
/// (its entries summed: ", " between servers tried, " : " between internal redirects), else
/// <c>$request_time</c>; the server is the last entry of <c>$upstream_addr</c>.
/// </summary>
internal sealed class NginxLog
{
    private readonly Regex _line;
    private readonly string[] _variables;
    private readonly LogFile _file;
    private readonly LogReading _reading;
    private readonly ILogSink _sink;

    /// <summary>The variables a line needs at least: a stamp and a request.</summary>
    public static string? Problem(string format)
    {
        bool Has(string name) => Regex.IsMatch(format, $@"\$(\{{{name}\}}|{name}(?![A-Za-z0-9_]))");
        bool stamp = Has("msec") || Has("time_iso8601") || Has("time_local");
        bool request = Has("request") || Has("request_uri") || Has("uri");
        return stamp && request ? null : $"the log_format names no {(stamp ? "$request, $request_uri or $uri" : "$msec, $time_iso8601 or $time_local")}, expected the variables a request is read from";
    }

    private NginxLog(string format, LogFile file, LogReading reading, ILogSink sink)
    {
        _file = file;
        _reading = reading;
        _sink = sink;
        // The format as a pattern: its literal text as it is, each variable as little text as lets
        // the line match, except the upstream lists, whose entries are joined by ", " and " : ".
        var pattern = new StringBuilder("^");
        var variables = new List<string>();
        var literal = new StringBuilder();
        for (int i = 0; i < format.Length; i++)
        {
            if (format[i] == '$' && i + 1 < format.Length && (char.IsAsciiLetter(format[i + 1]) || format[i + 1] == '{'))
            {
                bool braced = format[i + 1] == '{';
                int start = i + (braced ? 2 : 1), end = start;
                while (end < format.Length && (char.IsAsciiLetterOrDigit(format[end]) || format[end] == '_')) end++;
                string name = format[start..end];
                pattern.Append(Regex.Escape(literal.ToString())).Append(name.StartsWith("upstream_", StringComparison.Ordinal) ? $"(?<v{variables.Count}>[^ ,]+(?:(?:, | : )[^ ,]+)*)" : $"(?<v{variables.Count}>.*?)");
                variables.Add(name);
                literal.Clear();
                i = braced && end < format.Length && format[end] == '}' ? end : end - 1;
            }
            else literal.Append(format[i]);
        }
        pattern.Append(Regex.Escape(literal.ToString())).Append('$');
        _line = new Regex(pattern.ToString(), RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture, TimeSpan.FromMilliseconds(50));
        _variables = [.. variables];
    }

    public static void Read(string format, LineReader lines, ReadOnlySpan<byte> first, LogFile file, LogReading reading, ILogSink sink)
    {
        var log = new NginxLog(format, file, reading, sink);
        reading.Format("NGINX");
        log.Line(first, lines);
        while (lines.Next(out var line)) log.Line(line, lines);
    }

    private void Line(ReadOnlySpan<byte> bytes, LineReader lines)
    {
        if (!_reading.Readable(_file.Path, lines, bytes)) return;
        long number = lines.Number;
        // NGINX lines are read as text: a line's few strings cost little beside what it says.
        Match match;
        try
        {
            match = _line.Match(Encoding.UTF8.GetString(bytes));
        }
        catch (RegexMatchTimeoutException)
        {
            _reading.Skip(_file.Path, number, "the line does not follow the log_format (it cannot be matched in time)");
            return;
        }
        if (!match.Success)
        {
            _reading.Skip(_file.Path, number, lines.Unterminated ? "the last line is cut short (no line end)" : "the line does not follow the log_format");
            return;
        }
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (int v = 0; v < _variables.Length; v++) values[_variables[v]] = match.Groups[$"v{v}"].Value;
        Entry(values, number);
    }

    private void Entry(Dictionary<string, string> v, long number)
    {
        if (!Stamp(v, out double stamp, out double resolution) || !LogReading.Plausible(stamp))
        {
            _reading.Skip(_file.Path, number, "the time cannot be read, expected $msec (seconds since 1970), $time_iso8601 or $time_local, from 1990 to 2199");
            return;
        }
        string? path = v.GetValueOrDefault("uri") ?? PathOf(v.GetValueOrDefault("request_uri")) ?? PathOf(RequestTarget(v.GetValueOrDefault("request")));
        if (string.IsNullOrEmpty(path) || path == "-")
        {
            _reading.Skip(_file.Path, number, "no path, expected $request (\"GET /path HTTP/1.1\"), $request_uri or $uri");
            return;
        }
        var request = new LogRecord { Resolution = resolution, Duration = double.NaN, Fate = RequestFate.Answered };
        if (v.TryGetValue("status", out string? status) && !int.TryParse(status, NumberStyles.None, CultureInfo.InvariantCulture, out request.Status))
        {
            _reading.Skip(_file.Path, number, "$status is not a whole number", $"'{status}'");
            return;
        }
        double total = double.NaN;
        if (v.TryGetValue("request_time", out string? time) && time != "-" && !Seconds(time, out total))
        {
            _reading.Skip(_file.Path, number, "$request_time is not a number of seconds", $"'{time}'");
            return;
        }
        double upstream = double.NaN;
        if (v.TryGetValue("upstream_response_time", out string? times) && times != "-")
        {
            upstream = 0;
            foreach (string part in times.Split([',', ':'], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                if (part == "-") continue;
                if (!Seconds(part, out double s))
                {
                    _reading.Skip(_file.Path, number, "$upstream_response_time is not a list of seconds", $"'{times}'");
                    return;
                }
                upstream += s;
            }
        }
        request.Duration = double.IsNaN(upstream) ? total : upstream;
        string server = v.TryGetValue("upstream_addr", out string? addresses) && addresses != "-" && LastAddress(addresses) is { Length: > 0 } last
            ? last
            : _file.FolderServer ?? _file.FallbackServer;
        request.Server = _reading.Server(server.AsSpan());
        if (request.Server < 0)
        {
            _reading.Skip(_file.Path, number, $"more than {LogReading.MostServers} distinct servers in $upstream_addr");
            return;
        }
        // The upstream status 502 with no server chosen is NGINX's own refusal.
        if (request.Status is 502 or 503 && (addresses is null || addresses == "-" || !addresses.Contains(':'))) request.Fate = RequestFate.Refused;
        request.Path = Encoding.UTF8.GetBytes(path);
        request.Arrival = stamp - (double.IsNaN(total) ? 0 : total);
        if (double.IsNaN(request.Duration)) _reading.WithoutDuration++;
        _reading.Requests++;
        _reading.Arrived(request.Arrival + resolution / 2);
        _sink.Take(request);
    }

    /// <summary>The last server tried: after the last " : " (redirects), the last ", " entry.</summary>
    private static string LastAddress(string addresses)
    {
        string group = addresses.Split(" : ")[^1];
        return group.Split(',', StringSplitOptions.TrimEntries)[^1];
    }

    private static bool Stamp(Dictionary<string, string> v, out double stamp, out double resolution)
    {
        resolution = 0.001;
        if (v.TryGetValue("msec", out string? msec) && double.TryParse(msec, NumberStyles.Float, CultureInfo.InvariantCulture, out stamp) && double.IsFinite(stamp))
            return true;
        resolution = 1;
        if (v.TryGetValue("time_iso8601", out string? iso) && DateTimeOffset.TryParse(iso, CultureInfo.InvariantCulture, DateTimeStyles.None, out var when))
        {
            stamp = when.ToUnixTimeMilliseconds() / 1000.0;
            return true;
        }
        // $time_local is 30/Nov/2026:08:00:00 +0100: .NET reads the offset with a colon.
        if (v.TryGetValue("time_local", out string? local) && local.Length >= 5 && local[^5] is '+' or '-'
            && DateTimeOffset.TryParseExact(local[..^2] + ":" + local[^2..], "dd/MMM/yyyy:HH:mm:ss zzz", CultureInfo.InvariantCulture, DateTimeStyles.None, out when))
        {
            stamp = when.ToUnixTimeMilliseconds() / 1000.0;
            return true;
        }
        stamp = 0;
        return false;
    }

    private static bool Seconds(string text, out double seconds) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out seconds) && seconds >= 0 && double.IsFinite(seconds);

    /// <summary>"GET /path?q HTTP/1.1" → "/path?q".</summary>
    private static string? RequestTarget(string? request)
    {
        if (request is null) return null;
        var parts = request.Split(' ');
        return parts.Length >= 2 ? parts[1] : null;
    }

    private static string? PathOf(string? target)
    {
        if (target is null) return null;
        int query = target.IndexOf('?');
        return query >= 0 ? target[..query] : target;
    }
}
