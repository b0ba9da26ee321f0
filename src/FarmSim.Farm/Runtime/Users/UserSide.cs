using System.Runtime.CompilerServices;
using FarmSim.Engine;
using FarmSim.Farm.Runtime.Workloads;
using FarmSim.Farm.Topology;

namespace FarmSim.Farm.Runtime.Users;

/// <summary>
/// What users do, apart from what the farm does: they send requests (for their workload, or as
/// their browser's calls), wait for them within their own time limit or the proxy's, send a
/// given-up one again after a back-off, receive answers over their link, let the browser make its
/// calls once a page is answered, and tell the workload when a page is over so its user can think.
/// </summary>
internal sealed class UserSide
{
    private readonly RunContext _run;
    private readonly Simulation _simulation;
    private readonly ServerSide _farm;
    private readonly App[] _apps;
    private readonly DemandSource[] _sources;
    private readonly CallTables _tables;
    private readonly int _clientRetries;
    private readonly double _backoff;
    private readonly double _giveUp;           // when a user's request fails: the proxy's 502 or the client's own timeout, the sooner; or infinity
    private readonly double _clientTimeout;    // the user's own, or infinity
    private readonly ClientTimer _timer;
    private readonly ClientRetry _retry;
    private readonly ResponseDelivery _delivery;

    public UserSide(RunContext run, FarmSpec farm, ServerSide serverSide, App[] apps, CallTables tables)
    {
        _run = run;
        _simulation = run.Simulation;
        _farm = serverSide;
        _apps = apps;
        _sources = tables.Sources;
        _tables = tables;
        _clientRetries = farm.Client?.Retries ?? 0;
        _backoff = farm.Client?.Backoff ?? 0;
        _clientTimeout = farm.Client?.Timeout ?? double.PositiveInfinity;
        _giveUp = Math.Min(_clientTimeout, farm.Proxy.Timeout ?? double.PositiveInfinity);
        _timer = new ClientTimer(this);
        _retry = new ClientRetry(this);
        _delivery = new ResponseDelivery(this);
        Workloads = new IWorkload?[apps.Length];
    }

    /// <summary>Per app, the workload whose users send its pages (none for an app only other apps call).</summary>
    public IWorkload?[] Workloads { get; }

    private RequestTable Requests => _run.Requests;

    /// <summary>
    /// A user sends a request of <paramref name="app"/>, its demands drawn from <paramref name="source"/>;
    /// a page's end is told to the app's workload as <paramref name="visitor"/>'s.
    /// </summary>
    public void Send(int app, short requestClass, short source, bool page, int visitor)
    {
        int id = Requests.Allocate();
        ref Request request = ref Requests[id];
        request.App = app;
        request.Class = requestClass;
        request.Source = source;
        request.Page = page;
        request.Visitor = visitor;
        request.ClearTries();
        Leave(id, ref request);
    }

    /// <summary>The request, filled in but for its demands, leaves now: demands drawn, timer set, off to the proxy.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Leave(int id, ref Request request)
    {
        var (demand, queries) = _sources[request.Source].Demand(request.Class);
        double now = _simulation.Now;
        request.Arrival = now;
        request.Start = double.NaN; // no worker has it yet
        request.Demand = demand;
        request.QueriesLeft = queries;
        request.State = RequestState.Waiting;
        request.ZoneTries = 0;
        var app = _apps[request.App];
        app.SentSinceStart++;
        if (_run.Measuring) app.Tally.Arrivals++;
        // A timer that would fire after the run's end is left out: it could change nothing.
        if (now + _giveUp < _run.End) _simulation.Schedule(_giveUp, _timer, Requests.Generation(id), id);
        _farm.FromUser(id);
    }

    /// <summary>
    /// The proxy has answered 502, or the user's own time is up: the request counts as a timeout
    /// when it happens, its work goes on unseen, and the user sends it again after the back-off
    /// while retries are left.
    /// </summary>
    internal void GiveUp(int id, int generation)
    {
        if (Requests.Generation(id) != generation) return; // answered in time
        ref Request request = ref Requests[id];
        if (request.State == RequestState.GivenUp) return; // lost in a crash: its user heard of it then
        if (request.State == RequestState.Delivering)
        {
            // The proxy has relayed the whole answer, which is on its way: only the user's own time can run out.
            double deadline = request.Arrival + _clientTimeout;
            if (deadline > _simulation.Now)
            {
                if (deadline < _run.End) _simulation.Schedule(deadline - _simulation.Now, _timer, generation, id);
                return;
            }
        }
        request.State = RequestState.GivenUp;
        if (_run.Measuring) _apps[request.App].Tally.Timeouts++;
        int tries = request.ClientTries;
        if (tries >= _clientRetries)
        {
            if (request.Page) PageOver(request.App, request.Visitor);
            return;
        }
        ResendLater(id, tries);
    }

    /// <summary>A visit of <paramref name="app"/>'s workload is over: its cookie goes.</summary>
    public void VisitOver(int app, int visitor) => _farm.VisitOver(app, visitor);

    /// <summary>The user will send the request again after the back-off, as a new request of its own.</summary>
    private void ResendLater(int id, int tries)
    {
        int again = Requests.Allocate();
        ref Request retry = ref Requests[again];
        ref Request request = ref Requests[id]; // the table may have grown
        retry.App = request.App;
        retry.Class = request.Class;
        retry.Source = _tables.RetrySource[request.App];
        retry.Page = request.Page;
        retry.Visitor = request.Visitor;
        retry.ClientTries = tries + 1;
        retry.State = RequestState.BackingOff;
        _simulation.Schedule(_backoff * (1 << tries), _retry, 0, again);
    }

    /// <summary>The back-off is over: the user sends the request again, a new arrival with demands of its own.</summary>
    internal void Retry(int id)
    {
        ref Request request = ref Requests[id];
        if (_run.Measuring) _apps[request.App].Tally.Retries++;
        Leave(id, ref request);
    }

    /// <summary>The server is done with a user's request; a response of a known size still has to travel to the user.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Answered(int id)
    {
        ref Request request = ref Requests[id];
        double transfer = request.State == RequestState.Waiting && request.Class >= 0 ? _tables.Transfer[request.App][request.Class] : 0;
        if (transfer > 0)
        {
            request.State = RequestState.Delivering;
            request.Server = -1; // done with its server: a crash there can no longer touch it
            _simulation.Schedule(transfer, _delivery, 0, id);
        }
        else Deliver(id);
    }

    /// <summary>
    /// The answer reaches the user, then the browser's calls follow. A request the user has given
    /// up on (a 502, or the user's own timeout) was counted then; its late answer counts only on
    /// the server, and the browser, having no page, calls nothing.
    /// </summary>
    internal void Deliver(int id)
    {
        ref Request request = ref Requests[id];
        bool givenUp = request.State == RequestState.GivenUp;
        if (!givenUp)
        {
            double latency = _simulation.Now - request.Arrival;
            var answered = _apps[request.App];
            answered.Window.Record(latency);
            if (_run.Measuring) answered.Tally.RecordCompletion(latency, request.Start - request.Arrival);
        }
        int app = request.App, requestClass = request.Class, visitor = request.Visitor;
        bool page = request.Page;
        Requests.Release(id);
        if (givenUp) return;
        if (requestClass >= 0) BrowserCalls(app, requestClass, visitor);
        if (page) PageOver(app, visitor);
    }

    /// <summary>
    /// The request's server crashed with it: the user gets an error now, and sends it again after
    /// the back-off while retries are left, as after a timeout. <paramref name="release"/>: nothing
    /// more will happen to the slot (otherwise its last pending event frees it).
    /// </summary>
    public void Lost(int id, bool release)
    {
        ref Request request = ref Requests[id];
        bool givenUp = request.State == RequestState.GivenUp;
        if (!givenUp)
        {
            _apps[request.App].ErrorsSinceStart++;
            if (_run.Measuring) _apps[request.App].Tally.Failed++;
            request.State = RequestState.GivenUp; // anything that still arrives for it is unseen
            int tries = request.ClientTries;
            if (tries < _clientRetries) ResendLater(id, tries);
            else if (request.Page) PageOver(request.App, request.Visitor);
        }
        if (release) Requests.Release(id);
    }

    /// <summary>Every server refused the request (503): the user's page has failed, unless it was given up already.</summary>
    public void Refused(int id)
    {
        ref Request request = ref Requests[id];
        bool givenUp = request.State == RequestState.GivenUp;
        if (!givenUp) _apps[request.App].ErrorsSinceStart++;
        if (_run.Measuring && !givenUp) _apps[request.App].Tally.Rejected++;
        int app = request.App, visitor = request.Visitor;
        bool page = request.Page && !givenUp;
        Requests.Release(id);
        if (page) PageOver(app, visitor);
    }

    /// <summary>Client-side calls: once a screen is answered, the browser makes requests of its own through the main proxy.</summary>
    private void BrowserCalls(int app, int requestClass, int visitor)
    {
        foreach (var plan in _tables.Browser[app][requestClass])
            for (int n = 0; n < plan.Count; n++)
                if (plan.Probability >= 1 || _tables.Chance[app][requestClass]!.NextDouble() < plan.Probability)
                    Send(plan.App, plan.Class, plan.Source, page: false, visitor);
    }

    private void PageOver(int app, int visitor) => Workloads[app]?.PageOver(visitor);
}
