using System.IO.Enumeration;
using System.Text;

namespace FarmSim.Logs;

/// <summary>An app the logs are cut into, by the first segments of its requests' paths.</summary>
public sealed record AppRoute(string Name, string Path);

/// <summary>
/// Which app a logged path belongs to: the longest route that is a prefix of it at a segment
/// boundary, without regard to case (as IIS compares paths). Paths matching an exclusion pattern
/// (static files, health probes; * and ? as in file names) belong to none.
/// </summary>
public sealed class AppRoutes
{
    public const int Excluded = -1, Unmatched = -2;

    private readonly byte[][] _prefixes;
    private readonly int[] _apps;
    private readonly string[] _excludes;
    private readonly int _fallback;
    private readonly char[] _chars = new char[8192];

    /// <param name="fallback">The app that takes what no route matches (discovered apps' "Other"), or -1.</param>
    public AppRoutes(IReadOnlyList<AppRoute> routes, IReadOnlyList<string> excludes, int fallback = -1)
    {
        Routes = routes;
        var order = Enumerable.Range(0, routes.Count).Where(i => i != fallback).OrderByDescending(i => routes[i].Path.TrimEnd('/').Length).ToArray();
        _prefixes = order.Select(i => Encoding.UTF8.GetBytes(routes[i].Path.TrimEnd('/'))).ToArray();
        _apps = order;
        _excludes = [.. excludes];
        _fallback = fallback;
    }

    public IReadOnlyList<AppRoute> Routes { get; }

    /// <summary>The app's index, <see cref="Excluded"/> or <see cref="Unmatched"/>.</summary>
    public int AppOf(ReadOnlySpan<byte> path)
    {
        if (_excludes.Length > 0 && IsExcluded(path)) return Excluded;
        for (int i = 0; i < _prefixes.Length; i++)
            if (Matches(path, _prefixes[i])) return _apps[i];
        return _fallback >= 0 ? _fallback : Unmatched;
    }

    private bool IsExcluded(ReadOnlySpan<byte> path)
    {
        if (path.Length > _chars.Length) path = path[.._chars.Length];
        var text = _chars.AsSpan(0, Encoding.UTF8.GetChars(path, _chars));
        foreach (string pattern in _excludes)
            if (FileSystemName.MatchesSimpleExpression(pattern, text, ignoreCase: true)) return true;
        return false;
    }

    private static bool Matches(ReadOnlySpan<byte> path, byte[] prefix)
    {
        if (prefix.Length == 0) return true; // the route "/" takes every path
        if (path.Length < prefix.Length) return false;
        for (int i = 0; i < prefix.Length; i++)
        {
            byte a = path[i], b = prefix[i];
            if (a != b && !(IsLetter(a) && (a | 0x20) == (b | 0x20))) return false;
        }
        return path.Length == prefix.Length || path[prefix.Length] == (byte)'/';
    }

    private static bool IsLetter(byte b) => (uint)((b | 0x20) - 'a') <= 'z' - 'a';
}
