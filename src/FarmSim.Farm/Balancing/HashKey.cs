namespace FarmSim.Farm.Balancing;

/// <summary>
/// What a hashing balancer hashes. <see cref="Source"/>: the client's address, which FarmSim makes
/// up one per visitor (a user, a session, an open stream's request) of each app, and for a
/// server-side call the calling front-end's (HAProxy <c>source</c>, ARR's server variable hash on
/// REMOTE_ADDR, NGINX <c>ip_hash</c>-like). <see cref="Uri"/>: the request's URL without its query
/// string, its app and class (HAProxy <c>uri</c>, ARR's request hash).
/// </summary>
public enum HashKey { Source, Uri }

/// <summary>A 32-bit mix of a key (the murmur3 finalizer): nearby keys land far apart.</summary>
public static class KeyHash
{
    public static uint Of(ulong key)
    {
        key ^= key >> 33;
        key *= 0xff51afd7ed558ccdUL;
        key ^= key >> 33;
        key *= 0xc4ceb9fe1a85ec53UL;
        key ^= key >> 33;
        return (uint)key;
    }

    /// <summary>A name's hash (FNV-1a, then mixed): where a server's points go on a ring, the same in every run.</summary>
    public static uint Of(string name, int point)
    {
        ulong h = 14695981039346656037UL;
        foreach (char c in name)
        {
            h ^= c;
            h *= 1099511628211UL;
        }
        return Of(h ^ (ulong)point * 0x9E3779B97F4A7C15UL);
    }
}
