using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace FarmSim.Engine;

/// <summary>
/// One independent stream of random numbers (xoshiro256**), seeded from (scenario seed, replication,
/// stream name). Naming each stream means that adding or changing one part of a scenario leaves the
/// numbers of every other part untouched: common random numbers across alternatives.
/// It derives from <see cref="Random"/> so MathNet.Numerics distributions can draw from it.
/// MathNet's own xoshiro takes only a 32-bit seed and locks by default; this one is seeded with
/// 256 bits from SHA-256 and is not thread-safe: each replication owns its streams.
/// </summary>
public sealed class RandomStream : Random
{
    private ulong _s0, _s1, _s2, _s3;

    public RandomStream(long seed, int replication, string name)
    {
        Name = name;
        // Invariant formatting: a culture that writes "−1" for -1 must not change the streams.
        byte[] digest = SHA256.HashData(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"farmsim/{seed}/{replication}/{name}")));
        _s0 = BitConverter.ToUInt64(digest, 0);
        _s1 = BitConverter.ToUInt64(digest, 8);
        _s2 = BitConverter.ToUInt64(digest, 16);
        _s3 = BitConverter.ToUInt64(digest, 24);
        if ((_s0 | _s1 | _s2 | _s3) == 0) _s0 = 1; // the all-zero state is the one xoshiro cannot leave
    }

    public string Name { get; }

    public ulong NextUInt64()
    {
        ulong result = ulong.RotateLeft(_s1 * 5, 7) * 9;
        ulong t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = ulong.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>Uniform on [0, 1) with 53 random bits.</summary>
    public override double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    protected override double Sample() => NextDouble();

    /// <summary>Uniform integer in [0, maxValue).</summary>
    public override int Next(int maxValue)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxValue);
        return (int)NextBelow((ulong)maxValue);
    }

    public override int Next(int minValue, int maxValue)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minValue, maxValue);
        return (int)(minValue + (long)NextBelow((ulong)((long)maxValue - minValue)));
    }

    public override int Next() => (int)NextBelow(int.MaxValue);

    /// <summary>Uniform in [0, range) without modulo bias (Lemire's multiply-and-reject).</summary>
    private ulong NextBelow(ulong range)
    {
        if (range == 0) return 0;
        UInt128 product = (UInt128)NextUInt64() * range;
        if ((ulong)product < range)
        {
            ulong threshold = (0 - range) % range;
            while ((ulong)product < threshold) product = (UInt128)NextUInt64() * range;
        }
        return (ulong)(product >> 64);
    }

    public override long NextInt64() => (long)(NextUInt64() >> 1);

    public override void NextBytes(byte[] buffer) => NextBytes(buffer.AsSpan());

    public override void NextBytes(Span<byte> buffer)
    {
        while (buffer.Length >= 8)
        {
            BitConverter.TryWriteBytes(buffer, NextUInt64());
            buffer = buffer[8..];
        }
        if (buffer.Length > 0)
        {
            Span<byte> last = stackalloc byte[8];
            BitConverter.TryWriteBytes(last, NextUInt64());
            last[..buffer.Length].CopyTo(buffer);
        }
    }
}
