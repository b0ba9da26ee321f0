namespace FarmSim.Logs;

/// <summary>
/// What reading a set of logs found: the servers, how many lines and requests, and every line
/// that could not be read, counted by why (the first few kept with their file and line).
/// </summary>
public sealed class LogReading
{
    /// <summary>How many problems are kept whole; the rest are only counted.</summary>
    public const int ProblemsKept = 10;

    /// <summary>More distinct servers than this in one set of logs means the server field is garbage.</summary>
    public const int MostServers = 4096;

    private readonly List<string> _servers = [];
    private readonly Dictionary<string, int> _serverIndex = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, long> _skippedBy = [];
    private readonly List<LogProblem> _problems = [];
    private readonly HashSet<string> _formats = [];

    public IReadOnlyList<string> Servers => _servers;
    public IReadOnlyList<string> Files { get; internal set; } = [];
    /// <summary>The formats met: "IIS W3C", "HTTPERR", "NGINX", "HAProxy".</summary>
    public IReadOnlyCollection<string> Formats => _formats;
    public long Lines { get; internal set; }
    /// <summary>Requests handed to the sink (refused ones included).</summary>
    public long Requests { get; internal set; }
    /// <summary>Requests whose log gave no time taken (a #Fields without time-taken, or '-').</summary>
    public long WithoutDuration { get; internal set; }
    /// <summary>HTTPERR lines that are not requests of the farm: idle connections timed out, malformed requests.</summary>
    public long NotRequests { get; internal set; }
    public long Skipped { get; private set; }
    /// <summary>Lines skipped, by why (without the line's own details).</summary>
    public IReadOnlyDictionary<string, long> SkippedBy => _skippedBy;
    /// <summary>The first <see cref="ProblemsKept"/> problems, as file:line: why.</summary>
    public IReadOnlyList<LogProblem> Problems => _problems;
    /// <summary>Problems that stop a whole file (it does not exist, cannot be opened, is not a log this reads).</summary>
    public List<LogProblem> FileErrors { get; } = [];
    /// <summary>Requests stamped more than this many days from the logs' median day are taken for a broken clock, not load.</summary>
    public const int BulkDays = 31;

    // Per day of arrivals: how many, the first and the last, to find the bulk of the logs.
    private readonly Dictionary<long, (long Count, double First, double Last)> _days = [];
    private long _lastDay = long.MinValue;
    private (long Count, double First, double Last) _current;

    /// <summary>
    /// The span the logs' requests arrived in, at the middle of their stamps (seconds since 1970
    /// UTC): from the first to the last arrival within <see cref="BulkDays"/> of the median day, so
    /// that a line stamped years off does not stretch it. Empty (0, 0) when nothing was read.
    /// </summary>
    public (double From, double To) Bulk
    {
        get
        {
            Flush();
            if (_days.Count == 0) return (0, 0);
            var days = _days.OrderBy(d => d.Key).ToList();
            long total = days.Sum(d => d.Value.Count), seen = 0, median = days[^1].Key;
            foreach (var (day, v) in days)
                if ((seen += v.Count) * 2 >= total)
                {
                    median = day;
                    break;
                }
            var bulk = days.Where(d => Math.Abs(d.Key - median) <= BulkDays).ToList();
            return (bulk.Min(d => d.Value.First), bulk.Max(d => d.Value.Last));
        }
    }

    /// <summary>Where a run replaying these logs, or a calibration or check of them, starts: the minute of the bulk's first arrival.</summary>
    public double Origin => Math.Floor(Bulk.From / 60) * 60;

    /// <summary>Requests outside the bulk of the logs (<see cref="Bulk"/>).</summary>
    public long OutsideBulk
    {
        get
        {
            var (from, to) = Bulk;
            return _days.Where(d => d.Value.Last < from || d.Value.First > to).Sum(d => d.Value.Count);
        }
    }

    /// <summary>Whether a stamp (seconds since 1970 UTC) can be a log's: from 1990 to 2199.</summary>
    public static bool Plausible(double stamp) => stamp >= 631_152_000 && stamp < 7_258_118_400;

    private readonly List<LogProblem> _notices = [];

    /// <summary>What the reader must know but is no error: a layout without time-taken (one per file).</summary>
    public IReadOnlyList<LogProblem> Notices => _notices;

    internal void Notice(LogProblem notice)
    {
        if (!_notices.Any(n => n.File == notice.File)) _notices.Add(notice);
    }

    internal void Format(string name) => _formats.Add(name);

    internal void Arrived(double arrival)
    {
        long day = (long)Math.Floor(arrival / 86400);
        if (day != _lastDay)
        {
            Flush();
            _lastDay = day;
            _current = _days.GetValueOrDefault(day, (0, double.PositiveInfinity, double.NegativeInfinity));
        }
        _current = (_current.Count + 1, Math.Min(_current.First, arrival), Math.Max(_current.Last, arrival));
    }

    private void Flush()
    {
        if (_lastDay != long.MinValue) _days[_lastDay] = _current;
    }

    /// <summary>Counts a line, and says whether it holds anything to read: one too long is skipped as such, an empty one passed over.</summary>
    internal bool Readable(string file, LineReader lines, ReadOnlySpan<byte> line)
    {
        Lines++;
        if (lines.Cut)
        {
            Skip(file, lines.Number, $"the line is longer than {LineReader.LongestLine} bytes");
            return false;
        }
        return !line.IsEmpty;
    }

    /// <summary>Counts a line that could not be read under <paramref name="reason"/>, keeping the first few whole.</summary>
    internal void Skip(string file, long line, string reason, string? detail = null)
    {
        Skipped++;
        _skippedBy[reason] = _skippedBy.GetValueOrDefault(reason) + 1;
        if (_problems.Count < ProblemsKept) _problems.Add(new LogProblem(file, line, detail is null ? reason : $"{reason}: {detail}"));
    }

    /// <summary>The index of the server of this name, or -1 when there are already too many.</summary>
    internal int Server(ReadOnlySpan<char> name)
    {
        var lookup = _serverIndex.GetAlternateLookup<ReadOnlySpan<char>>();
        if (lookup.TryGetValue(name, out int index)) return index;
        if (_servers.Count >= MostServers) return -1;
        string text = name.ToString();
        _serverIndex[text] = _servers.Count;
        _servers.Add(text);
        return _servers.Count - 1;
    }
}
