using System.Text;

namespace FarmSim.Logs;

/// <summary>
/// Reads IIS W3C extended logs and HTTP.sys HTTPERR logs: the fields each <c>#Fields:</c> line
/// names, in any order, until the next one (IIS writes a header block at every restart); <c>-</c>
/// for a missing value; UTC <c>date</c>/<c>time</c>, or IIS Advanced Logging's <c>date-local</c>/
/// <c>time-local</c> shifted by the given UTC offset. IIS stamps a line when the request ends, to
/// the second: the arrival is the stamp less <c>time-taken</c>. An HTTPERR line is a request
/// HTTP.sys refused (QueueFull and the other 503 reasons) or dropped from the queue (Timer_AppPool);
/// its other lines (idle connections, bad requests) are not requests of the farm and are passed over.
/// </summary>
internal sealed class W3cLog
{
    // HTTPERR files of old Windows have no header: their layout is fixed.
    private static readonly string[] HttpErrLayout = ["date", "time", "c-ip", "c-port", "s-ip", "s-port", "cs-version", "cs-method", "cs-uri", "sc-status", "s-siteid", "s-reason", "s-queuename"];
    private const int MostFields = 64;

    /// <summary>IIS's limits/@connectionTimeout default: how long a request waits in the pool's queue before HTTP.sys drops it.</summary>
    private const double ConnectionTimeout = 120;

    private readonly LogFile _file;
    private readonly LogReading _reading;
    private readonly ILogSink _sink;
    private readonly double _utcOffset;
    private readonly int[] _starts = new int[MostFields + 1], _lengths = new int[MostFields + 1];
    private readonly char[] _name = new char[256];

    private int _fieldCount = -1;
    private long _fieldsLine;
    private bool _errorLog, _localTime;
    private int _date, _time, _stem, _uri, _status, _win32, _taken, _computer, _serverIp, _reason;
    private int _folderServer = -1, _fallbackServer = -1;
    private byte[] _lastDate = new byte[10];
    private int _lastDays = int.MinValue;

    private W3cLog(LogFile file, LogReading reading, ILogSink sink, double utcOffset)
    {
        _file = file;
        _reading = reading;
        _sink = sink;
        _utcOffset = utcOffset;
    }

    /// <summary>Whether the file's first line says it is a W3C log (a directive), or its name that it is HTTPERR.</summary>
    public static bool Recognises(ReadOnlySpan<byte> firstLine, string path) =>
        firstLine.StartsWith("#Software:"u8) || firstLine.StartsWith("#Version:"u8) || firstLine.StartsWith("#Fields:"u8) || firstLine.StartsWith("#Date:"u8)
        || Path.GetFileName(path).StartsWith("httperr", StringComparison.OrdinalIgnoreCase);

    /// <param name="utcOffset">Seconds local time is ahead of UTC, for date-local/time-local.</param>
    public static void Read(LineReader lines, ReadOnlySpan<byte> firstLine, LogFile file, LogReading reading, ILogSink sink, double utcOffset)
    {
        var log = new W3cLog(file, reading, sink, utcOffset);
        if (Path.GetFileName(file.Path).StartsWith("httperr", StringComparison.OrdinalIgnoreCase)) log.UseLayout(HttpErrLayout, errorLog: true, line: 0);
        log.Line(firstLine, lines);
        while (lines.Next(out var line)) log.Line(line, lines);
    }

    private void Line(ReadOnlySpan<byte> line, LineReader lines)
    {
        if (!_reading.Readable(_file.Path, lines, line)) return;
        long number = lines.Number;
        if (line[0] == (byte)'#')
        {
            Directive(line, number);
            return;
        }
        if (_fieldCount < 0)
        {
            _reading.Skip(_file.Path, number, "no #Fields line before this entry, expected the W3C header block IIS writes");
            return;
        }
        int count = Split(line);
        if (count != _fieldCount)
        {
            _reading.Skip(_file.Path, number, lines.Unterminated ? "the last line is cut short (no line end)" : "the line does not have the fields its #Fields line names",
                $"{count} fields, expected {_fieldCount} (#Fields at line {_fieldsLine})");
            return;
        }
        Entry(line, number);
    }

    private void Directive(ReadOnlySpan<byte> line, long number)
    {
        if (line.StartsWith("#Software:"u8))
            _errorLog = line.IndexOf("HTTP API"u8) >= 0;
        else if (line.StartsWith("#Fields:"u8))
        {
            var names = Encoding.ASCII.GetString(line["#Fields:"u8.Length..]).Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (names.Length == 0 || names.Length > MostFields)
            {
                _fieldCount = -1;
                _reading.Skip(_file.Path, number, "the #Fields line names " + (names.Length == 0 ? "no fields" : $"{names.Length} fields, more than the {MostFields} IIS can write"));
                return;
            }
            UseLayout(names, _errorLog || names.Contains("s-reason", StringComparer.OrdinalIgnoreCase), number);
        }
    }

    private void UseLayout(string[] names, bool errorLog, long line)
    {
        _errorLog = errorLog;
        _fieldCount = names.Length;
        _fieldsLine = line;
        _reading.Format(errorLog ? "HTTPERR" : "IIS W3C");
        var lower = names.Select(n => n.ToLowerInvariant()).ToArray();
        int At(string name) => Array.IndexOf(lower, name);
        _date = At("date");
        _time = At("time");
        _localTime = _date < 0 || _time < 0;
        if (_localTime)
        {
            _date = At("date-local");
            _time = At("time-local");
        }
        _stem = At("cs-uri-stem");
        _uri = At("cs-uri");
        _status = At("sc-status");
        _win32 = At("sc-win32-status");
        _taken = At("time-taken");
        _computer = At("s-computername");
        _serverIp = At("s-ip");
        _reason = At("s-reason");
        // A layout that cannot give requests is the file's error, said once at its #Fields line.
        string? missing = _date < 0 || _time < 0 ? "date and time (or date-local and time-local)" : _stem < 0 && _uri < 0 ? "cs-uri-stem (or cs-uri)" : null;
        if (missing is not null)
            _reading.FileErrors.Add(new LogProblem(_file.Path, line, $"the #Fields line names no {missing}, expected the fields a request is read from"));
        else if (_taken < 0 && !errorLog)
            _reading.Notice(new LogProblem(_file.Path, line, "the #Fields line names no time-taken: its requests give arrivals only, no service times"));
    }

    private int Split(ReadOnlySpan<byte> line)
    {
        int count = 0, start = 0;
        while (true)
        {
            int space = line[start..].IndexOf((byte)' ');
            int end = space < 0 ? line.Length : start + space;
            if (count == MostFields) return MostFields + 1;
            _starts[count] = start;
            _lengths[count] = end - start;
            count++;
            if (space < 0) return count;
            start = end + 1;
        }
    }

    private ReadOnlySpan<byte> Field(ReadOnlySpan<byte> line, int index) => index < 0 ? default : line.Slice(_starts[index], _lengths[index]);

    private void Entry(ReadOnlySpan<byte> line, long number)
    {
        if (_date < 0 || _time < 0 || (_stem < 0 && _uri < 0))
        {
            _reading.Skip(_file.Path, number, "its #Fields line lacks the date, time or path (said at that line)");
            return;
        }
        if (!Days(Field(line, _date), out int days) || !Ascii.Time(Field(line, _time), out double clock))
        {
            _reading.Skip(_file.Path, number, "the date or time cannot be read, expected YYYY-MM-DD (1990 to 2199) and hh:mm:ss",
                $"'{Encoding.UTF8.GetString(Field(line, _date))} {Encoding.UTF8.GetString(Field(line, _time))}'");
            return;
        }
        double stamp = days * 86400.0 + clock - (_localTime ? _utcOffset : 0);
        var request = new LogRecord { Resolution = 1, Duration = double.NaN, Fate = RequestFate.Answered };
        if (_errorLog)
        {
            var reason = Field(line, _reason);
            if (Ascii.EqualsIgnoreCase(reason, "QueueFull")) request.Fate = RequestFate.QueueFull;
            else if (Ascii.EqualsIgnoreCase(reason, "Timer_AppPool")) request.Fate = RequestFate.TimedOutInQueue;
            else if (IsRefusal(reason)) request.Fate = RequestFate.Refused;
            else
            {
                _reading.NotRequests++;
                return; // an idle connection, a bad request: not a request of the farm
            }
        }
        if (!Number(line, _status, number, "sc-status", out request.Status) || !Number(line, _win32, number, "sc-win32-status", out request.Win32Status))
            return;
        var taken = Field(line, _taken);
        if (_taken >= 0 && !IsMissing(taken))
        {
            if (!Ascii.Integer(taken, out long ms) || ms < 0 || ms > 86_400_000L * 7)
            {
                _reading.Skip(_file.Path, number, "time-taken is not a number of milliseconds", $"'{Encoding.UTF8.GetString(taken)}'");
                return;
            }
            request.Duration = ms / 1000.0;
        }
        if (!UriPath(line, number, out request.Path)) return;
        request.Server = Server(line);
        if (request.Server < 0)
        {
            _reading.Skip(_file.Path, number, $"more than {LogReading.MostServers} distinct servers, expected a server name in s-computername");
            return;
        }
        // The stamp is the second the request ended in (truncated): it arrived its time taken before.
        // A request HTTP.sys dropped from the queue (Timer_AppPool) waited out the site's connection
        // timeout first, 2 minutes by default.
        request.Arrival = stamp - (double.IsNaN(request.Duration) ? request.Fate == RequestFate.TimedOutInQueue ? ConnectionTimeout : 0 : request.Duration);
        if (double.IsNaN(request.Duration)) _reading.WithoutDuration++;
        _reading.Requests++;
        _reading.Arrived(request.Arrival + request.Resolution / 2);
        _sink.Take(request);
    }

    private static bool IsRefusal(ReadOnlySpan<byte> reason) =>
        Ascii.EqualsIgnoreCase(reason, "AppOffline") || Ascii.EqualsIgnoreCase(reason, "AppPoolTimer") || Ascii.EqualsIgnoreCase(reason, "AppShutdown")
        || Ascii.EqualsIgnoreCase(reason, "Disabled") || Ascii.EqualsIgnoreCase(reason, "ConnLimit") || Ascii.EqualsIgnoreCase(reason, "Connection_Abandoned_By_AppPool");

    private bool Days(ReadOnlySpan<byte> date, out int days)
    {
        if (_lastDays != int.MinValue && date.SequenceEqual(_lastDate))
        {
            days = _lastDays;
            return true;
        }
        if (!Ascii.Date(date, out days)) return false;
        date.CopyTo(_lastDate);
        _lastDays = days;
        return true;
    }

    private bool Number(ReadOnlySpan<byte> line, int index, long number, string name, out int value)
    {
        value = 0;
        var text = Field(line, index);
        if (index < 0 || IsMissing(text)) return true;
        // sc-win32-status may be an unsigned 32-bit code (2148074254 on Windows-auth challenges): kept as its bits.
        if (Ascii.Integer(text, out long parsed) && parsed is >= 0 and <= uint.MaxValue)
        {
            value = unchecked((int)(uint)parsed);
            return true;
        }
        _reading.Skip(_file.Path, number, $"{name} is not a whole number", $"'{Encoding.UTF8.GetString(text)}'");
        return false;
    }

    private bool UriPath(ReadOnlySpan<byte> line, long number, out ReadOnlySpan<byte> path)
    {
        path = _stem >= 0 ? Field(line, _stem) : Field(line, _uri);
        if ((_stem < 0 && _uri < 0) || IsMissing(path))
        {
            _reading.Skip(_file.Path, number, "no path, expected cs-uri-stem (or cs-uri in HTTPERR)");
            return false;
        }
        if (_stem < 0)
        {
            // HTTPERR's cs-uri holds the query, and may be a whole URL.
            int scheme = path.IndexOf("://"u8);
            if (scheme >= 0)
            {
                int slash = path[(scheme + 3)..].IndexOf((byte)'/');
                path = slash < 0 ? "/"u8 : path[(scheme + 3 + slash)..];
            }
            int query = path.IndexOf((byte)'?');
            if (query >= 0) path = path[..query];
        }
        return true;
    }

    private int Server(ReadOnlySpan<byte> line)
    {
        // The server is the line's s-computername, else the folder the file lies in, else its s-ip, else the input's name.
        var named = Field(line, _computer);
        if (_computer >= 0 && !IsMissing(named)) return Intern(named);
        if (_file.FolderServer is not null) return _folderServer >= 0 ? _folderServer : _folderServer = _reading.Server(_file.FolderServer);
        var ip = Field(line, _serverIp);
        if (_serverIp >= 0 && !IsMissing(ip)) return Intern(ip);
        return _fallbackServer >= 0 ? _fallbackServer : _fallbackServer = _reading.Server(_file.FallbackServer);
    }

    private int Intern(ReadOnlySpan<byte> name)
    {
        if (name.Length > _name.Length) name = name[.._name.Length];
        int chars = Encoding.UTF8.GetChars(name, _name);
        return _reading.Server(_name.AsSpan(0, chars));
    }

    private static bool IsMissing(ReadOnlySpan<byte> field) => field.Length == 1 && field[0] == (byte)'-';
}
