using FarmSim.Engine.Distributions;

namespace FarmSim.Farm.Runtime.Workloads;

/// <summary>
/// An exact non-homogeneous Poisson process by inversion of its cumulative rate: each gap is a
/// unit-rate exponential amount of Λ(t) = ∫ rate × profile × bursts, walked piece by linear piece
/// and solved in closed form on the piece where it runs out (Çinlar's time change). A variant that
/// scales the rate or the profile keeps the same unit exponentials, so its arrivals move with it:
/// common random numbers hold.
/// </summary>
internal sealed class ProfileTimes(double rate, ProfileCursor profile, MarkovModulation? bursts, Sampler unitGaps) : ArrivalTimes
{
    public override double Next(double now)
    {
        double mass = unitGaps.Sample(); // a gap of zero (u = 0) is an arrival at once, where the rate is not zero
        double t = now;
        while (profile.TryGet(t, out var piece))
        {
            double end = piece.End, scale = rate;
            if (bursts is not null)
            {
                scale *= bursts.FactorAt(t);
                end = Math.Min(end, bursts.NextSwitch);
            }
            double value = scale * (piece.Value + piece.Slope * (t - piece.Start)), slope = scale * piece.Slope;
            double length = end - t;
            double available = length * (value + slope * length / 2);
            if (mass <= available && (mass > 0 || value > 0))
            {
                // value·x + slope·x²/2 = mass, in the form that keeps its precision when slope is small.
                double x = slope == 0 ? mass / value : 2 * mass / (value + Math.Sqrt(Math.Max(0, value * value + 2 * slope * mass)));
                return t + Math.Min(x, length);
            }
            mass -= available;
            t = end;
        }
        return double.PositiveInfinity;
    }
}
