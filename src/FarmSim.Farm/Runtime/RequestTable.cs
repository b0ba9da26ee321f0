using System.Runtime.CompilerServices;

namespace FarmSim.Farm.Runtime;

/// <summary>
/// A pool of request slots with a free list: a slot is reused once its request is done, so the
/// steady state allocates nothing. It only grows, to the peak number in flight.
/// </summary>
internal sealed class RequestTable(int limit = int.MaxValue)
{
    private Request[] _items = new Request[256];
    private int[] _free = new int[256];
    private int _freeCount;
    private int _used;
    private int[] _generation = new int[256];
    private double[]? _sentAt; // when a latency-aware balancer sent each request; only where one is

    /// <summary>Keeps, beside each request, when its balancer sent it: for balancers that measure response times.</summary>
    public void KeepSendTimes() => _sentAt ??= new double[_items.Length];

    /// <summary>When the request's balancer last sent it (with <see cref="KeepSendTimes"/>).</summary>
    public ref double SentAt(int id) => ref _sentAt![id];

    public ref Request this[int id]
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => ref _items[id];
    }

    public int Allocate()
    {
        if (_freeCount > 0) return _free[--_freeCount];
        if (_used == limit) throw new InFlightLimitReached();
        if (_used == _items.Length)
        {
            Array.Resize(ref _items, _items.Length * 2);
            Array.Resize(ref _free, _items.Length);
            Array.Resize(ref _generation, _items.Length);
            if (_sentAt is not null) Array.Resize(ref _sentAt, _items.Length);
        }
        return _used++;
    }

    /// <summary>The slots of every request in flight, in slot order (a walk over the table: for rare events, such as a crash).</summary>
    public List<int> Live()
    {
        var free = new bool[_used];
        for (int i = 0; i < _freeCount; i++) free[_free[i]] = true;
        var live = new List<int>(_used - _freeCount);
        for (int id = 0; id < _used; id++)
            if (!free[id]) live.Add(id);
        return live;
    }

    /// <summary>How many requests are in flight.</summary>
    public int InFlight => _used - _freeCount;

    /// <summary>Changes whenever the slot is released, so a timer set for one request never acts on a later one.</summary>
    public int Generation(int id) => _generation[id];

    public void Release(int id)
    {
        _generation[id]++;
        _free[_freeCount++] = id;
    }
}

/// <summary>Thrown out of the event loop when the requests in flight reach their bound: the replication stops there.</summary>
internal sealed class InFlightLimitReached : Exception;
