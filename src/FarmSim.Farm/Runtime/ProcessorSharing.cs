namespace FarmSim.Farm.Runtime;

/// <summary>
/// A server's CPU shared among the requests using it at a moment (processor sharing): with n of
/// them on c cores, each advances at speed × min(1, c/n), since one request uses at most one core.
/// Kept in virtual time: V(t) is the work each request has done since V was zero, so a request that
/// starts at V0 with demand w finishes when V reaches V0 + w. The finish tags sit in a binary heap;
/// the next completion is the smallest tag. Arrays only grow: steady state allocates nothing.
/// </summary>
public sealed class ProcessorSharing(int cores, double speed)
{
    private (double Tag, int Id)[] _heap = new (double, int)[16];
    private int _count;
    private double _virtual;
    private double _lastChange;

    public int Count => _count;

    /// <summary>Everything on the cores is lost at once (a crash): their ids, and the cores left empty.</summary>
    public List<int> Clear(double now)
    {
        Advance(now);
        var ids = new List<int>(_count);
        for (int i = 0; i < _count; i++) ids.Add(_heap[i].Id);
        _count = 0;
        return ids;
    }

    public int Cores => cores;

    /// <summary>Cores in use: one per request, up to all of them.</summary>
    public int BusyCores => Math.Min(_count, cores);

    /// <summary>The rate at which each request's work is done now.</summary>
    private double Rate => _count == 0 ? 0 : speed * Math.Min(1.0, (double)cores / _count);

    private void Advance(double now)
    {
        _virtual += Rate * (now - _lastChange);
        _lastChange = now;
    }

    /// <summary>A request starts using the CPU at <paramref name="now"/> with <paramref name="work"/> seconds of CPU at speed 1.</summary>
    public void Add(int id, double work, double now)
    {
        Advance(now);
        if (_count == _heap.Length) Array.Resize(ref _heap, _heap.Length * 2);
        int hole = _count++;
        var entry = (Tag: _virtual + work, Id: id);
        while (hole > 0)
        {
            int parent = (hole - 1) / 2;
            if (_heap[parent].Tag <= entry.Tag) break;
            _heap[hole] = _heap[parent];
            hole = parent;
        }
        _heap[hole] = entry;
    }

    /// <summary>When the next request will finish, if nothing changes before then; infinity when none is running.</summary>
    public double NextCompletion(double now)
    {
        if (_count == 0) return double.PositiveInfinity;
        double virtualNow = _virtual + Rate * (now - _lastChange);
        return now + Math.Max(0, _heap[0].Tag - virtualNow) / Rate;
    }

    /// <summary>Removes the request that finishes first (the one <see cref="NextCompletion"/> was about).</summary>
    public int RemoveNext(double now)
    {
        Advance(now);
        int id = _heap[0].Id;
        var last = _heap[--_count];
        int hole = 0;
        while (true)
        {
            int child = 2 * hole + 1;
            if (child >= _count) break;
            if (child + 1 < _count && _heap[child + 1].Tag < _heap[child].Tag) child++;
            if (_heap[child].Tag >= last.Tag) break;
            _heap[hole] = _heap[child];
            hole = child;
        }
        if (_count > 0) _heap[hole] = last;
        return id;
    }
}
