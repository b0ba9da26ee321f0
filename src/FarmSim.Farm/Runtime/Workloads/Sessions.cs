using FarmSim.Engine;
using FarmSim.Farm.Metrics;
using FarmSim.Farm.Runtime.Users;
using FarmSim.Farm.Topology;

namespace FarmSim.Farm.Runtime.Workloads;

/// <summary>
/// Sessions, the partly-open model: visits arrive at the instants of a point process; a visit sends
/// a page, waits until it is over (answered, or failed for good), thinks, and sends the next, its
/// classes following the navigation or the classes' shares, until the navigation leaves or its
/// number of pages is done. Each visit has a number of its own that its requests carry.
/// </summary>
internal sealed class Sessions : IWorkload, IHasVisitors, IThinker, IEventHandler
{

    private readonly RunContext _run;
    private readonly UserSide _users;
    private readonly int _app;
    private readonly DemandSource _demands;
    private readonly ArrivalTimes _visits;
    private readonly Thinking _thinking;
    private readonly Navigation? _navigation;
    private readonly RandomStream _ways;        // navigation steps, or the number of pages
    private readonly PageCount _pages;

    // Per visit slot: its class now, pages still to come (without navigation), pages done, when it
    // began, when its current page began, and its number. Slots are reused; arrays only grow.
    private short[] _class = new short[64];
    private int[] _pagesLeft = new int[64], _pagesDone = new int[64], _identity = new int[64];
    private double[] _started = new double[64], _since = new double[64];
    private int[] _free = new int[64];
    private int _freeCount, _used, _nextIdentity;
    private readonly Dictionary<int, int> _slotOf = [];  // a visit's number to its slot, for its pages' ends

    public Sessions(RunContext run, UserSide users, int app, DemandSource demands, SessionsSpec spec, IReadOnlyList<RequestClassSpec>? classes,
        ArrivalTimes visits, RandomStream think, RandomStream ways, VisitorTally tally)
    {
        _run = run;
        _users = users;
        _app = app;
        _demands = demands;
        _visits = visits;
        _thinking = Thinking.For(run, this, spec.Think, think, 64);
        _ways = ways;
        _pages = spec.Pages ?? new PageCount(1, Geometric: false);
        _navigation = spec.Navigation is { } navigation ? new Navigation(navigation, classes!) : null;
        Tally = tally;
    }

    public VisitorTally Tally { get; }

    public void Start() => ScheduleVisitAfter(0);

    public void ThinkOver(int visitor)
    {
        Tally.ThinkOver(_run.Simulation.Now, _run.Measuring);
        Send(visitor);
    }

    /// <summary>A visit arrives.</summary>
    public void Handle(int kind, int arg)
    {
        ScheduleVisitAfter(_run.Simulation.Now);
        int slot = Allocate();
        _started[slot] = _run.Simulation.Now;
        _pagesDone[slot] = 0;
        _identity[slot] = _nextIdentity;
        _slotOf[_nextIdentity++] = slot;
        _pagesLeft[slot] = _navigation is null ? PagesOfAVisit() : 0;
        Tally.Change(_run.Simulation.Now, +1);
        if (_run.Measuring) Tally.SessionsStarted++;
        short first = 0;
        if (_navigation is null) first = _demands.ChooseClass();
        else if (!_navigation.TryFirst(_ways, out first))
        {
            Leave(slot);
            return;
        }
        _class[slot] = first;
        Send(slot);
    }

    public void PageOver(int identity)
    {
        int visitor = _slotOf[identity];
        double now = _run.Simulation.Now;
        if (_run.Measuring)
        {
            Tally.Pages++;
            Tally.PageTimeSum += now - _since[visitor];
        }
        _pagesDone[visitor]++;
        short next = 0;
        bool stays = _navigation is not null ? _navigation.TryNext(_class[visitor], _ways, out next) : --_pagesLeft[visitor] > 0;
        if (!stays)
        {
            Leave(visitor);
            return;
        }
        if (_navigation is null) next = _demands.ChooseClass();
        _class[visitor] = next;
        Tally.ThinkStarts(now);
        _thinking.Start(visitor);
    }

    private void Send(int slot)
    {
        _since[slot] = _run.Simulation.Now;
        _users.Send(_app, _class[slot], (short)_app, page: true, _identity[slot]);
    }

    private void Leave(int slot)
    {
        double now = _run.Simulation.Now;
        Tally.Change(now, -1);
        if (_run.Measuring)
        {
            Tally.SessionsEnded++;
            Tally.SessionPages += _pagesDone[slot];
            Tally.SessionTimeSum += now - _started[slot];
        }
        _slotOf.Remove(_identity[slot]);
        _users.VisitOver(_app, _identity[slot]);
        _free[_freeCount++] = slot;
    }

    /// <summary>A fixed number, or a geometric one (at least 1) with the given mean, by inversion.</summary>
    private int PagesOfAVisit()
    {
        if (!_pages.Geometric) return (int)Math.Round(_pages.Mean);
        double last = 1 / _pages.Mean; // the chance that a page is the visit's last
        if (last >= 1) return 1;
        double u = 1 - _ways.NextDouble(); // in (0, 1]
        return (int)Math.Min(int.MaxValue, Math.Floor(Math.Log(u) / Math.Log(1 - last)) + 1);
    }

    private void ScheduleVisitAfter(double now)
    {
        double next = _visits.Next(now);
        if (next < double.PositiveInfinity) _run.Simulation.ScheduleAt(next, this, 0);
    }

    private int Allocate()
    {
        if (_freeCount > 0) return _free[--_freeCount];
        if (_used == _class.Length)
        {
            int size = _class.Length * 2;
            Array.Resize(ref _class, size);
            Array.Resize(ref _pagesLeft, size);
            Array.Resize(ref _pagesDone, size);
            Array.Resize(ref _identity, size);
            Array.Resize(ref _started, size);
            Array.Resize(ref _since, size);
            Array.Resize(ref _free, size);
        }
        return _used++;
    }
}
