namespace FarmSim.Farm.Runtime;

/// <summary>A FIFO of request ids on a ring buffer that grows by doubling and never shrinks.</summary>
internal sealed class RequestQueue
{
    private int[] _ring = new int[16];
    private int _head;
    private int _count;

    public int Count => _count;

    public void Enqueue(int id)
    {
        if (_count == _ring.Length) Grow();
        _ring[(_head + _count) & (_ring.Length - 1)] = id;
        _count++;
    }

    public int Dequeue()
    {
        int id = _ring[_head];
        _head = (_head + 1) & (_ring.Length - 1);
        _count--;
        return id;
    }

    private void Grow()
    {
        var bigger = new int[_ring.Length * 2];
        for (int i = 0; i < _count; i++) bigger[i] = _ring[(_head + i) & (_ring.Length - 1)];
        _ring = bigger;
        _head = 0;
    }
}
