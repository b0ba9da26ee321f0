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
    /// <summary>The fields the logs' #Fields lines named, over all files (lower case).</summary>
    public HashSet<string> FieldsSeen { get; } = [];
    /// <summary>The earliest arrival of any request read, at the middle of its stamp (seconds since 1970 UTC).</summary>
    public double FirstArrival { get; private set; } = double.PositiveInfinity;
    public double LastArrival { get; private set; } = double.NegativeInfinity;

    /// <summary>Where a run replaying these logs, or a calibration of them, starts: the first arrival's minute.</summary>
    public double Origin => double.IsFinite(FirstArrival) ? Math.Floor(FirstArrival / 60) * 60 : 0;

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
        if (arrival < FirstArrival) FirstArrival = arrival;
        if (arrival > LastArrival) LastArrival = arrival;
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
