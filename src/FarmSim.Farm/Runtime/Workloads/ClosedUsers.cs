using FarmSim.Engine;
using FarmSim.Farm.Metrics;
using FarmSim.Farm.Runtime.Users;
using FarmSim.Farm.Topology;

namespace FarmSim.Farm.Runtime.Workloads;

/// <summary>
/// A closed population: each logged-in user thinks, sends a page, waits until it is over (answered,
/// or failed for good), thinks again. With a profile the number logged in follows it: a user who
/// joins starts by thinking; when the number falls, the users above it leave as their think ends.
/// Users are numbered 0 … the peak, and user i is logged in while i is below the number wanted.
/// </summary>
internal sealed class ClosedUsers : IWorkload, IHasVisitors, IThinker, IEventHandler
{
    private const int CountCrossed = 1, PieceOver = 2;

    private readonly RunContext _run;
    private readonly UserSide _users;
    private readonly int _app;
    private readonly DemandSource _demands;
    private readonly Thinking _thinking;
    private readonly ClosedUsersSpec _spec;
    private readonly ProfileCursor? _profile;
    private readonly double[] _pageStart; // per user: when its current page was first sent (written once a page, 8 bytes a user)
    private readonly bool[] _loggedIn;     // per user, touched only as users join and leave
    private int _wanted;                   // users 0 … _wanted − 1 are to be logged in

    public ClosedUsers(RunContext run, UserSide users, int app, DemandSource demands, ClosedUsersSpec spec, RandomStream think, VisitorTally tally)
    {
        _run = run;
        _users = users;
        _app = app;
        _demands = demands;
        _spec = spec;
        Tally = tally;
        _profile = spec.Profile is { } profile ? new ProfileCursor(profile, run.End) : null;
        _pageStart = new double[spec.PeakCount];
        _loggedIn = new bool[spec.PeakCount];
        _thinking = Thinking.For(run, this, spec.Think, think, spec.PeakCount);
    }

    public VisitorTally Tally { get; }

    public void Start()
    {
        SetWanted(_spec.CountAt(0));
        ScheduleCountChange();
    }

    public void ThinkOver(int user)
    {
        double now = _run.Simulation.Now;
        Tally.ThinkOver(now, _run.Measuring);
        if (user >= _wanted)
        {
            _loggedIn[user] = false;
            Tally.Change(now, -1);
            return;
        }
        _pageStart[user] = now;
        _users.Send(_app, _demands.ChooseClass(), (short)_app, page: true, user);
    }

    /// <summary>The number wanted crosses a half user (arg: the new number), or a piece of the profile ends.</summary>
    public void Handle(int kind, int arg)
    {
        if (kind == CountCrossed) SetWanted(arg);
        else
        {
            if (!_profile!.TryGet(_run.Simulation.Now, out var piece)) return; // the run is over
            SetWanted(ClosedUsersSpec.Round(_spec.Count * piece.Value));
        }
        ScheduleCountChange();
    }

    public void PageOver(int visitor)
    {
        double now = _run.Simulation.Now;
        if (_run.Measuring)
        {
            Tally.Pages++;
            Tally.PageTimeSum += now - _pageStart[visitor];
        }
        Think(visitor);
    }

    private void Think(int user)
    {
        Tally.ThinkStarts(_run.Simulation.Now);
        _thinking.Start(user);
    }

    /// <summary>More users join (thinking first); fewer leave one by one as their think ends.</summary>
    private void SetWanted(int wanted)
    {
        wanted = Math.Min(wanted, _loggedIn.Length);
        for (int user = _wanted; user < wanted; user++)
            if (!_loggedIn[user])
            {
                _loggedIn[user] = true;
                Tally.Change(_run.Simulation.Now, +1);
                Think(user);
            }
        _wanted = wanted;
    }

    /// <summary>
    /// The next moment the number wanted changes: where Count × the profile crosses half a user on
    /// this linear piece, or the piece's end, where it may jump or turn.
    /// </summary>
    private void ScheduleCountChange()
    {
        double now = _run.Simulation.Now;
        if (_profile is null || !_profile.TryGet(now, out var piece)) return;
        double value = _spec.Count * (piece.Value + piece.Slope * (now - piece.Start)), slope = _spec.Count * piece.Slope;
        if (slope != 0)
        {
            int next = slope > 0 ? _wanted + 1 : _wanted - 1;
            double crossing = now + (slope > 0 ? _wanted + 0.5 - value : _wanted - 0.5 - value) / slope;
            // Never beyond the users there are (or below none): the count could not move, and the crossing would come again at once.
            if (crossing < piece.End && next >= 0 && next <= _loggedIn.Length)
            {
                _run.Simulation.ScheduleAt(Math.Max(now, crossing), this, CountCrossed, next);
                return;
            }
        }
        if (piece.End < _run.End) _run.Simulation.ScheduleAt(piece.End, this, PieceOver);
    }
}
