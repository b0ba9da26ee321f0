using ScottPlot;
using SkiaSharp;

namespace FarmSim.Reports.Charts;

/// <summary>What every chart shares: size, font, palette, and the check that text can be drawn at all.</summary>
public static class ChartStyle
{
    public const int Width = 1200;
    public const int Height = 800;
    public const string FontFamily = "DejaVu Sans";

    public static readonly Color[] Palette = new ScottPlot.Palettes.Category10().Colors;

    private static readonly Lazy<string> Font = new(ChooseFont);

    /// <summary>
    /// ScottPlot writes charts without any text, silently, when no font is installed. Refuse instead,
    /// and name the fix. DejaVu Sans is preferred so charts look the same on every machine.
    /// </summary>
    public static void EnsureFonts() => Fonts.Default = Font.Value;

    private static string ChooseFont()
    {
        var manager = SKFontManager.Default;
        if (manager.FontFamilies.Contains(FontFamily)) return FontFamily;
        // Otherwise whichever installed font draws Latin letters.
        if (manager.MatchCharacter('A')?.FamilyName is { Length: > 0 } family) return family;
        throw new InvalidOperationException(
            "no fonts are installed, so charts would be drawn without any text; install one (apt-get install fonts-dejavu-core, as scripts/setup.sh does)");
    }

    /// <summary>The farm is always black; each app keeps its colour (its place in the farm) in every chart.</summary>
    public static readonly Color FarmColor = Colors.Black;

    public static Plot NewPlot(string title, string xLabel, string yLabel)
    {
        EnsureFonts();
        var plot = new Plot();
        plot.Title(title, 22);
        plot.XLabel(xLabel, 16);
        plot.YLabel(yLabel, 16);
        plot.Axes.Bottom.TickLabelStyle.FontSize = 13;
        plot.Axes.Left.TickLabelStyle.FontSize = 13;
        return plot;
    }

    public static Color ColorOf(int index) => Palette[index % Palette.Length];

    /// <summary>Twenty colours for charts of more than ten alternatives, where ten would repeat.</summary>
    public static readonly Color[] WidePalette = new ScottPlot.Palettes.Category20().Colors;

    /// <summary>The colour of alternative <paramref name="index"/> of <paramref name="count"/>: no two alike up to twenty.</summary>
    public static Color ColorOf(int index, int count) => count <= Palette.Length ? ColorOf(index) : WidePalette[index % WidePalette.Length];

    /// <summary>
    /// Ticks for a latency axis in log scale, whose values the caller plots as log10 of milliseconds:
    /// whole decades label a range of two decades or more, a narrower one needs ticks in between.
    /// </summary>
    public static void LogLatencyAxis(IAxis axis, double lowest, double highest)
    {
        bool wide = highest / lowest >= 100;
        var ticks = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = wide, LabelFormatter = y => Ms(Math.Pow(10, y)) };
        if (wide) ticks.MinorTickGenerator = new ScottPlot.TickGenerators.LogMinorTickGenerator();
        axis.TickGenerator = ticks;
    }

    public static string Ms(double ms) => ms switch
    {
        >= 10_000 => $"{ms / 1000:0} s",
        >= 1000 => $"{ms / 1000:0.#} s",
        >= 10 => $"{ms:0} ms",
        >= 1 => $"{ms:0.#} ms",
        _ => $"{ms:0.###} ms",
    };
}
