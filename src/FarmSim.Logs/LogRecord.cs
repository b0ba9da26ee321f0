namespace FarmSim.Logs;

/// <summary>What became of a logged request.</summary>
public enum RequestFate
{
    /// <summary>A server answered it (any status, in the access log).</summary>
    Answered,
    /// <summary>HTTP.sys refused it with 503 because the application pool's queue was full (HTTPERR QueueFull).</summary>
    QueueFull,
    /// <summary>HTTP.sys refused it with 503 for another reason: the pool offline, shut down or disabled, a connection limit (HTTPERR).</summary>
    Refused,
    /// <summary>It waited in the pool's queue past the connection timeout and was dropped (HTTPERR Timer_AppPool).</summary>
    TimedOutInQueue,
}

/// <summary>
/// One request as a log saw it, handed to an <see cref="ILogSink"/> while its line is read: its
/// path is a view of the line, valid only during the call, so reading allocates nothing per line.
/// </summary>
public ref struct LogRecord
{
    /// <summary>When it arrived, in seconds since 1970-01-01 UTC: the log's stamp less its time taken.</summary>
    public double Arrival;
    /// <summary>The stamp's resolution in seconds (1 for IIS, 0.001 for NGINX and HAProxy): the arrival is known to within it.</summary>
    public double Resolution;
    /// <summary>Seconds from its first byte in to its last byte out (IIS time-taken); NaN when the log has no timer for it.</summary>
    public double Duration;
    /// <summary>The path, without its query, as the line's bytes (UTF-8 or not).</summary>
    public ReadOnlySpan<byte> Path;
    /// <summary>The server that logged it: an index into <see cref="LogReading.Servers"/>.</summary>
    public int Server;
    public int Status;
    /// <summary>IIS sc-win32-status: 64 and 1236 are client disconnects; 0 when the log has none.</summary>
    public int Win32Status;
    public RequestFate Fate;
}

/// <summary>Takes each request as it is read.</summary>
public interface ILogSink
{
    void Take(in LogRecord request);
}
