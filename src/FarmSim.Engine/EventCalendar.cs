namespace FarmSim.Engine;

/// <summary>
/// The future event list: a 4-ary min-heap of value-type entries ordered by (time, sequence), so
/// events at equal times come out in the order they were scheduled. A 4-ary heap is half as deep as
/// a binary one, which matters when 100,000 requests are in flight. The array only grows; in steady
/// state nothing is allocated.
/// </summary>
public sealed class EventCalendar
{
    private struct Entry
    {
        public double Time;
        public long Sequence;
        public IEventHandler Handler;
        public int Kind;
        public int Arg;
    }

    private Entry[] _heap = new Entry[64];
    private int _count;
    private long _nextSequence;

    public int Count => _count;

    public double PeekTime => _count > 0 ? _heap[0].Time : double.PositiveInfinity;

    public void Schedule(double time, IEventHandler handler, int kind, int arg)
    {
        if (_count == _heap.Length) Array.Resize(ref _heap, _heap.Length * 2);
        var entry = new Entry { Time = time, Sequence = _nextSequence++, Handler = handler, Kind = kind, Arg = arg };

        // Sift the hole up from the end, then drop the entry in.
        var heap = _heap;
        int hole = _count++;
        while (hole > 0)
        {
            int parent = (hole - 1) >> 2;
            if (!Before(in entry, in heap[parent])) break;
            heap[hole] = heap[parent];
            hole = parent;
        }
        heap[hole] = entry;
    }

    /// <summary>Removes the earliest event. The calendar must not be empty.</summary>
    public void Pop(out double time, out IEventHandler handler, out int kind, out int arg)
    {
        var heap = _heap;
        ref Entry top = ref heap[0];
        time = top.Time;
        handler = top.Handler;
        kind = top.Kind;
        arg = top.Arg;

        int last = --_count;
        if (last == 0)
        {
            heap[0] = default;
            return;
        }
        Entry moving = heap[last];
        heap[last] = default; // drop the handler reference

        // Sift the hole down from the root: move the smallest child up until the moving entry fits.
        int hole = 0;
        while (true)
        {
            int first = (hole << 2) + 1;
            if (first >= last) break;
            int best = first;
            int end = Math.Min(first + 4, last);
            for (int c = first + 1; c < end; c++)
                if (Before(in heap[c], in heap[best])) best = c;
            if (!Before(in heap[best], in moving)) break;
            heap[hole] = heap[best];
            hole = best;
        }
        heap[hole] = moving;
    }

    public void Clear()
    {
        Array.Clear(_heap, 0, _count);
        _count = 0;
    }

    private static bool Before(in Entry a, in Entry b) =>
        a.Time < b.Time || (a.Time == b.Time && a.Sequence < b.Sequence);
}
