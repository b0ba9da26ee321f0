using System.Globalization;

namespace FarmSim.Farm.Topology;

/// <summary>A time into the run as planners write it, and as scenario files read it: 9h30m, 20m, 1m30s, 0.25s.</summary>
public static class TimeText
{
    public static string Of(double seconds)
    {
        if (!double.IsFinite(seconds) || seconds < 0) return string.Create(CultureInfo.InvariantCulture, $"{seconds:0.###}s");
        long whole = (long)Math.Floor(seconds);
        double fraction = seconds - whole;
        string text = (whole / 3600 > 0 ? $"{whole / 3600}h" : "") + (whole % 3600 / 60 > 0 ? $"{whole % 3600 / 60}m" : "");
        double rest = whole % 60 + fraction;
        if (rest > 0) text += string.Create(CultureInfo.InvariantCulture, $"{rest:0.###}s");
        return text.Length == 0 ? "0s" : text;
    }
}
