namespace FarmSim.Experiments;

/// <summary>The k-th (1-based) of N deterministic slices of a sweep's work.</summary>
public readonly record struct Shard(int Index, int Count)
{
    public static readonly Shard Whole = new(1, 1);

    public bool IsWhole => Count == 1;

    /// <summary>Work item i (variant-major, then replication) belongs to shard ((i mod N) + 1): every shard gets a fair mix.</summary>
    public bool Owns(int item) => item % Count == Index - 1;
}
