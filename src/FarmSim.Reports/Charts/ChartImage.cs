using ScottPlot;
using SkiaSharp;

namespace FarmSim.Reports.Charts;

/// <summary>Writes charts as PNG files; a chart of several panels is stacked top to bottom.</summary>
public static class ChartImage
{
    public static byte[] Png(Plot plot) => plot.GetImageBytes(ChartStyle.Width, ChartStyle.Height, ImageFormat.Png);

    /// <summary>Panels in a grid of <paramref name="columns"/> columns, filled row by row, sharing the chart's size evenly.</summary>
    public static byte[] Grid(IReadOnlyList<Plot> panels, int columns)
    {
        int rows = (panels.Count + columns - 1) / columns;
        int width = ChartStyle.Width / columns, height = ChartStyle.Height / rows;
        using var surface = SKSurface.Create(new SKImageInfo(ChartStyle.Width, ChartStyle.Height));
        surface.Canvas.Clear(SKColors.White);
        for (int i = 0; i < panels.Count; i++)
        {
            using var panel = SKBitmap.Decode(panels[i].GetImageBytes(width, height, ImageFormat.Png));
            surface.Canvas.DrawBitmap(panel, i % columns * width, i / columns * height);
        }
        using var image = surface.Snapshot();
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    /// <summary>Panels share the chart's width and split its height (the chart's, unless given) in the given proportions.</summary>
    public static byte[] Stack(IReadOnlyList<(Plot Plot, double Share)> panels, int? totalHeight = null)
    {
        double total = panels.Sum(p => p.Share);
        int chartHeight = totalHeight ?? ChartStyle.Height;
        using var surface = SKSurface.Create(new SKImageInfo(ChartStyle.Width, chartHeight));
        surface.Canvas.Clear(SKColors.White);
        int top = 0;
        for (int i = 0; i < panels.Count; i++)
        {
            int height = i == panels.Count - 1 ? chartHeight - top : (int)Math.Round(chartHeight * panels[i].Share / total);
            using var panel = SKBitmap.Decode(panels[i].Plot.GetImageBytes(ChartStyle.Width, height, ImageFormat.Png));
            surface.Canvas.DrawBitmap(panel, 0, top);
            top += height;
        }
        using var image = surface.Snapshot();
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }
}
