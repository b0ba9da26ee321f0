using FarmSim.Farm.Topology;

namespace FarmSim.Farm.Runtime.Workloads;

/// <summary>
/// A profile's linear pieces over the run, walked forward: time only moves on, so finding the
/// piece that holds a time costs O(1) amortised and allocates nothing.
/// </summary>
internal sealed class ProfileCursor(LoadProfile profile, double end)
{
    private readonly ProfilePiece[] _pieces = profile.Pieces(0, end).ToArray();
    private int _current;

    /// <summary>The piece that holds <paramref name="t"/>, no earlier than the last one asked for; false once the run is over.</summary>
    public bool TryGet(double t, out ProfilePiece piece)
    {
        while (_current < _pieces.Length && _pieces[_current].End <= t) _current++;
        if (_current == _pieces.Length)
        {
            piece = default;
            return false;
        }
        piece = _pieces[_current];
        return true;
    }
}
