using ScottPlot;
using SkiaSharp;

namespace FarmSim.Reports.Charts;

/// <summary>Writes charts as PNG files; a chart of several panels is stacked top to bottom.</summary>
public static class ChartImage
{
    public static byte[] Png(Plot plot) => plot.GetImageBytes(ChartStyle.Width, ChartStyle.Height, ImageFormat.Png);

    /// <summary>The height of a title strip, and of a legend row, across a whole chart.</summary>
    public const int TitleHeight = 40, LegendHeight = 28;

    /// <summary>
    /// Panels in a grid of <paramref name="columns"/> columns, filled row by row, sharing the chart's
    /// size evenly; a <paramref name="title"/> goes in a strip across the whole width above them,
    /// where a panel's own title would be cut at the panel's edge.
    /// </summary>
    /// <param name="legend">What the panels' lines stand for, drawn once across the chart under the title (a marker item has no line).</param>
    public static byte[] Grid(IReadOnlyList<Plot> panels, int columns, string? title = null, IReadOnlyList<(string Label, Color Color, bool Marker)>? legend = null)
    {
        int rows = (panels.Count + columns - 1) / columns;
        var legendRows = legend is null ? [] : LegendRows(legend);
        int top = (title is null ? 0 : TitleHeight) + legendRows.Count * LegendHeight;
        int width = ChartStyle.Width / columns, height = (ChartStyle.Height - top) / rows;
        using var surface = SKSurface.Create(new SKImageInfo(ChartStyle.Width, ChartStyle.Height));
        surface.Canvas.Clear(SKColors.White);
        if (title is not null) DrawTitle(surface.Canvas, title);
        for (int r = 0; r < legendRows.Count; r++) DrawLegend(surface.Canvas, legendRows[r], (title is null ? 0 : TitleHeight) + r * LegendHeight);
        for (int i = 0; i < panels.Count; i++)
        {
            using var panel = SKBitmap.Decode(panels[i].GetImageBytes(width, height, ImageFormat.Png));
            surface.Canvas.DrawBitmap(panel, i % columns * width, top + i / columns * height);
        }
        using var image = surface.Snapshot();
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    /// <summary>The typeface and size a chart-wide title is drawn in, shrunk until it fits the width.</summary>
    public static SKFont TitleFont(string title)
    {
        ChartStyle.EnsureFonts();
        var font = new SKFont(SKTypeface.FromFamilyName(Fonts.Default, SKFontStyle.Bold), 22);
        while (font.Size > 10 && font.MeasureText(title) > ChartStyle.Width - 20) font.Size -= 1;
        return font;
    }

    private static void DrawTitle(SKCanvas canvas, string title)
    {
        using var font = TitleFont(title);
        using var paint = new SKPaint { Color = SKColors.Black, IsAntialias = true };
        canvas.DrawText(title, ChartStyle.Width / 2f, TitleHeight - 12, SKTextAlign.Center, font, paint);
    }

    private const float LegendSample = 28, LegendGap = 8, LegendSpacing = 24;

    private static SKFont LegendFont()
    {
        ChartStyle.EnsureFonts();
        return new SKFont(SKTypeface.FromFamilyName(Fonts.Default), 14);
    }

    /// <summary>The legend's items in rows that fit the chart's width, in their order.</summary>
    private static List<List<(string Label, Color Color, bool Marker)>> LegendRows(IReadOnlyList<(string Label, Color Color, bool Marker)> items)
    {
        using var font = LegendFont();
        var rows = new List<List<(string, Color, bool)>> { new() };
        float used = 0;
        foreach (var item in items)
        {
            float width = LegendSample + LegendGap + font.MeasureText(item.Label) + LegendSpacing;
            if (used + width > ChartStyle.Width - 20 && rows[^1].Count > 0)
            {
                rows.Add([]);
                used = 0;
            }
            rows[^1].Add(item);
            used += width;
        }
        return rows;
    }

    /// <summary>A legend row: a line sample (or a cross) and its label per item, centred across the chart.</summary>
    private static void DrawLegend(SKCanvas canvas, IReadOnlyList<(string Label, Color Color, bool Marker)> items, int top)
    {
        using var font = LegendFont();
        const float sample = LegendSample, gap = LegendGap, spacing = LegendSpacing;
        float total = items.Sum(i => sample + gap + font.MeasureText(i.Label)) + spacing * (items.Count - 1);
        float x = Math.Max(10, (ChartStyle.Width - total) / 2), y = top + LegendHeight / 2f;
        foreach (var (label, color, marker) in items)
        {
            using var pen = new SKPaint { Color = new SKColor(color.R, color.G, color.B), StrokeWidth = marker ? 2 : 3, IsAntialias = true };
            if (marker)
            {
                canvas.DrawLine(x + sample / 2 - 6, y - 6, x + sample / 2 + 6, y + 6, pen);
                canvas.DrawLine(x + sample / 2 - 6, y + 6, x + sample / 2 + 6, y - 6, pen);
            }
            else canvas.DrawLine(x, y, x + sample, y, pen);
            using var text = new SKPaint { Color = SKColors.Black, IsAntialias = true };
            canvas.DrawText(label, x + sample + gap, y + 5, SKTextAlign.Left, font, text);
            x += sample + gap + font.MeasureText(label) + spacing;
        }
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
