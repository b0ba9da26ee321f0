namespace FarmSim.Engine;

/// <summary>
/// The future event list, ordered by (time, sequence): events at equal times come out in the order
/// they were scheduled.
/// It is a ladder queue (Tang, Goh and Thng, 2005) so that its cost per event stays nearly flat
/// whether 5 or 100,000 events are pending: new events far in the future go unsorted onto
/// <em>top</em>; when needed, top is spread over a <em>rung</em> of time buckets, a crowded bucket is
/// spread over a finer rung, and a small bucket is moved into <em>bottom</em>, a 4-ary heap that hands
/// events out in order. Every event sits in a slot of one array; buckets and top are linked lists
/// threaded through the slots. All arrays only grow: steady state allocates nothing.
/// </summary>
public sealed class EventCalendar
{
    private const int SmallBucket = 48;   // a bucket this small goes straight to bottom
    private const int LargeBottom = 1024; // bottom this large, with no rung in use, is spread over one
    private const int MaxRungs = 8;
    private const int MaxBuckets = 1 << 16;      // the first rung's most buckets: it spreads the whole of top
    private const int MaxChildBuckets = 1 << 12; // finer rungs spread one bucket; allocated up front, so memory stays flat

    private struct Slot
    {
        public double Time;
        public long Sequence;
        public IEventHandler Handler;
        public int Kind;
        public int Arg;
        public int Next;                   // the next slot in the same list, or -1
    }

    private struct Key
    {
        public double Time;
        public int Slot;
    }

    private sealed class Rung(int capacity, int maxBuckets)
    {
        public double Start;
        public double Width;
        public int Buckets;
        public int Current;                // the first bucket not yet handed down
        public readonly int MaxBuckets = maxBuckets;
        public int[] Heads = new int[capacity];
        public int[] Counts = new int[capacity];
    }

    private Slot[] _slots = new Slot[64];
    private int[] _freeSlots = new int[64];
    private int _freeCount;
    private int _slotsUsed;
    private long _nextSequence;
    private int _count;

    private int _topHead = -1;
    private int _topCount;
    private double _topMin = double.PositiveInfinity;
    private double _topMax = double.NegativeInfinity;
    private double _topStart = double.NegativeInfinity; // events at or after it go to top

    private readonly Rung[] _rungs = new Rung[MaxRungs];
    private int _rungCount;

    private Key[] _bottom = new Key[64];
    private int _bottomCount;

    public EventCalendar()
    {
        _rungs[0] = new Rung(64, MaxBuckets);
        for (int r = 1; r < MaxRungs; r++) _rungs[r] = new Rung(MaxChildBuckets, MaxChildBuckets);
    }

    public int Count => _count;

    public void Schedule(double time, IEventHandler handler, int kind, int arg)
    {
        int slot = _freeCount > 0 ? _freeSlots[--_freeCount] : NewSlot();
        _slots[slot] = new Slot { Time = time, Sequence = _nextSequence++, Handler = handler, Kind = kind, Arg = arg, Next = -1 };
        _count++;

        if (time >= _topStart)
        {
            _slots[slot].Next = _topHead;
            _topHead = slot;
            _topCount++;
            if (time < _topMin) _topMin = time;
            if (time > _topMax) _topMax = time;
            return;
        }
        for (int r = 0; r < _rungCount; r++)
        {
            var rung = _rungs[r];
            int bucket = BucketOf(rung, time);
            if (bucket >= rung.Current)
            {
                Push(rung, bucket, slot);
                return;
            }
        }
        PushBottom(time, slot);
        // A small top moved to bottom makes top start after its latest event, so everything scheduled
        // before that lands here; a farm filling up would turn bottom into one big heap. Spread it.
        if (_bottomCount > LargeBottom && _rungCount == 0) SpreadBottom();
    }

    /// <summary>Moves bottom onto a fresh first rung; all of it lies before top's start, so the order holds.</summary>
    private void SpreadBottom()
    {
        int head = -1;
        for (int i = 0; i < _bottomCount; i++)
        {
            int s = _bottom[i].Slot;
            _slots[s].Next = head;
            head = s;
        }
        int count = _bottomCount;
        _bottomCount = 0;
        if (Spread(head, count, _rungs[0])) _rungCount = 1;
        else MoveToBottom(head); // all at one time: a heap of them is as good as it gets
    }

    /// <summary>Removes the earliest event if it is due at or before <paramref name="until"/>.</summary>
    public bool TryPop(double until, out double time, out IEventHandler handler, out int kind, out int arg)
    {
        if (_bottomCount == 0) RefillBottom();
        if (_bottomCount == 0 || _bottom[0].Time > until)
        {
            time = 0;
            handler = null!;
            kind = arg = 0;
            return false;
        }
        int slot = PopBottom();
        ref Slot s = ref _slots[slot];
        time = s.Time;
        handler = s.Handler;
        kind = s.Kind;
        arg = s.Arg;
        s.Handler = null!; // let the handler go with the event
        _freeSlots[_freeCount++] = slot;
        _count--;
        return true;
    }

    /// <summary>Makes bottom hold the earliest events, taking them from the rungs or from top.</summary>
    private void RefillBottom()
    {
        while (_count > 0)
        {
            if (_rungCount == 0)
            {
                if (_topCount == 0) return;
                SpreadTop();
                if (_bottomCount > 0) return;
                continue;
            }
            var rung = _rungs[_rungCount - 1];
            while (rung.Current < rung.Buckets && rung.Counts[rung.Current] == 0) rung.Current++;
            if (rung.Current == rung.Buckets)
            {
                _rungCount--; // this rung is used up: its whole time range has been handed down
                continue;
            }
            int bucket = rung.Current++;
            int head = rung.Heads[bucket], count = rung.Counts[bucket];
            rung.Heads[bucket] = -1;
            rung.Counts[bucket] = 0;
            if (count <= SmallBucket || _rungCount == MaxRungs || !Spread(head, count, _rungs[_rungCount]))
            {
                MoveToBottom(head);
                return;
            }
            _rungCount++;
        }
    }

    /// <summary>Moves top onto a fresh first rung, or straight to bottom when it is small.</summary>
    private void SpreadTop()
    {
        int head = _topHead, count = _topCount;
        double max = _topMax;
        _topHead = -1;
        _topCount = 0;
        _topMin = double.PositiveInfinity;
        _topMax = double.NegativeInfinity;
        var rung = _rungs[0];
        if (count > SmallBucket && Spread(head, count, rung))
        {
            _rungCount = 1;
            _topStart = rung.Start + rung.Width * rung.Buckets;
            if (_topStart <= max) _topStart = max; // rounding: top must start after everything on the rung
            return;
        }
        _topStart = max;
        MoveToBottom(head);
    }

    private void MoveToBottom(int head)
    {
        for (int slot = head; slot >= 0;)
        {
            int next = _slots[slot].Next;
            PushBottom(_slots[slot].Time, slot);
            slot = next;
        }
    }

    /// <summary>Spreads a list of events over the buckets of <paramref name="rung"/>; false if they all share one time.</summary>
    private bool Spread(int head, int count, Rung rung)
    {
        double min = double.PositiveInfinity, max = double.NegativeInfinity;
        for (int slot = head; slot >= 0; slot = _slots[slot].Next)
        {
            double t = _slots[slot].Time;
            if (t < min) min = t;
            if (t > max) max = t;
        }
        // About one event per bucket; the latest event lands in the last bucket.
        int buckets = Math.Min(count + 1, rung.MaxBuckets);
        double width = (max - min) / (buckets - 1);
        if (!(width > 0) || min + width == min) return false;
        if (rung.Heads.Length < buckets)
        {
            int size = Math.Min(Math.Max(buckets, rung.Heads.Length * 2), rung.MaxBuckets);
            rung.Heads = new int[size];
            rung.Counts = new int[size];
        }
        rung.Heads.AsSpan(0, buckets).Fill(-1);
        rung.Counts.AsSpan(0, buckets).Clear();
        rung.Start = min;
        rung.Width = width;
        rung.Buckets = buckets;
        rung.Current = 0;
        for (int slot = head; slot >= 0;)
        {
            int next = _slots[slot].Next;
            Push(rung, BucketOf(rung, _slots[slot].Time), slot);
            slot = next;
        }
        return true;
    }

    /// <summary>
    /// The bucket a time falls in. Division is monotone, so a later time never lands in an earlier
    /// bucket; times past the last bucket (rounding, or late arrivals in a parent's range) belong to it.
    /// </summary>
    private static int BucketOf(Rung rung, double time)
    {
        double index = (time - rung.Start) / rung.Width;
        if (index < 0) return -1;
        return index >= rung.Buckets - 1 ? rung.Buckets - 1 : (int)index;
    }

    private void Push(Rung rung, int bucket, int slot)
    {
        _slots[slot].Next = rung.Heads[bucket];
        rung.Heads[bucket] = slot;
        rung.Counts[bucket]++;
    }

    private int NewSlot()
    {
        if (_slotsUsed == _slots.Length)
        {
            Array.Resize(ref _slots, _slots.Length * 2);
            Array.Resize(ref _freeSlots, _slots.Length);
        }
        return _slotsUsed++;
    }

    // Bottom: a 4-ary min-heap of (time, slot) keys; the sequence breaks ties in time.

    private void PushBottom(double time, int slot)
    {
        if (_bottomCount == _bottom.Length) Array.Resize(ref _bottom, _bottom.Length * 2);
        var heap = _bottom;
        var key = new Key { Time = time, Slot = slot };
        int hole = _bottomCount++;
        while (hole > 0)
        {
            int parent = (hole - 1) >> 2;
            if (!Before(key, heap[parent])) break;
            heap[hole] = heap[parent];
            hole = parent;
        }
        heap[hole] = key;
    }

    private int PopBottom()
    {
        var heap = _bottom;
        int slot = heap[0].Slot;
        int last = --_bottomCount;
        if (last == 0) return slot;
        Key moving = heap[last];
        int hole = 0;
        while (true)
        {
            int first = (hole << 2) + 1;
            if (first >= last) break;
            int best = first;
            int end = Math.Min(first + 4, last);
            for (int c = first + 1; c < end; c++)
                if (Before(heap[c], heap[best])) best = c;
            if (!Before(heap[best], moving)) break;
            heap[hole] = heap[best];
            hole = best;
        }
        heap[hole] = moving;
        return slot;
    }

    private bool Before(Key a, Key b) =>
        a.Time < b.Time || (a.Time == b.Time && _slots[a.Slot].Sequence < _slots[b.Slot].Sequence);
}
