namespace FarmSim.Farm.Metrics;

/// <summary>
/// What a closed population or a stream of sessions did over the measured period: the pages that
/// ended (answered or failed for good) and how long each took from its first send, the think times
/// that ended, the sessions that ended with their pages and duration, and the time integral of the
/// users (or sessions) active, from which their mean number follows. Think time is measured as
/// Little's law reads it: user-seconds spent thinking over the thinks that ended, so no think's
/// start needs keeping per user.
/// </summary>
public sealed class VisitorTally(bool sessions)
{
    public long Pages;
    public double PageTimeSum;
    public long Thinks;
    public long SessionsStarted;
    public long SessionsEnded;
    public long SessionPages;
    public double SessionTimeSum;

    private int _active, _thinking;
    private double _lastChange, _activeArea, _areaAtStart, _thinkArea, _thinkAtStart, _startedAt;

    public bool Sessions { get; } = sessions;

    /// <summary>Users logged in, or sessions going on, change by <paramref name="delta"/> at <paramref name="now"/>.</summary>
    public void Change(double now, int delta)
    {
        Advance(now);
        _active += delta;
    }

    public void ThinkStarts(double now)
    {
        Advance(now);
        _thinking++;
    }

    public void ThinkOver(double now, bool measuring)
    {
        Advance(now);
        _thinking--;
        if (measuring) Thinks++;
    }

    /// <summary>Active-seconds since time 0, for the time series.</summary>
    public double AreaSinceStart(double now)
    {
        Advance(now);
        return _activeArea;
    }

    public void BeginMeasurement(double now)
    {
        Advance(now);
        _areaAtStart = _activeArea;
        _thinkAtStart = _thinkArea;
        _startedAt = now;
    }

    private void Advance(double now)
    {
        double elapsed = now - _lastChange;
        _activeArea += _active * elapsed;
        _thinkArea += _thinking * elapsed;
        _lastChange = now;
    }

    /// <summary>Writes its figures into an app's values for the measured period ending at <paramref name="now"/>.</summary>
    public void Report(double[] values, double now)
    {
        Advance(now);
        double seconds = now - _startedAt;
        values[(int)(Sessions ? Metric.ActiveSessionsMean : Metric.ActiveUsersMean)] = (_activeArea - _areaAtStart) / seconds;
        values[(int)Metric.PagesRps] = Pages / seconds;
        values[(int)Metric.PageTimeMeanMs] = Pages > 0 ? PageTimeSum / Pages * 1e3 : double.NaN;
        values[(int)Metric.ThinkMeanMs] = Thinks > 0 ? (_thinkArea - _thinkAtStart) / Thinks * 1e3 : double.NaN;
        if (!Sessions) return;
        values[(int)Metric.SessionsStarted] = SessionsStarted;
        values[(int)Metric.SessionPagesMean] = SessionsEnded > 0 ? (double)SessionPages / SessionsEnded : double.NaN;
        values[(int)Metric.SessionDurationMeanS] = SessionsEnded > 0 ? SessionTimeSum / SessionsEnded : double.NaN;
    }
}
