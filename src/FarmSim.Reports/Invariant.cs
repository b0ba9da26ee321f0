using System.Globalization;

namespace FarmSim.Reports;

/// <summary>Reports read the same on every machine: 40.8 ms, not 40,8 ms, whatever the reader's settings.</summary>
internal static class Invariant
{
    public static void Run(Action write)
    {
        var culture = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        try
        {
            write();
        }
        finally
        {
            CultureInfo.CurrentCulture = culture;
        }
    }
}
