using System.Net;
using System.Text;

namespace FarmSim.Reports;

/// <summary>
/// The pieces every report page is made of, in HTML (self-contained: styles inline, images as data
/// URIs, no scripts) and in Markdown (images as files beside it).
/// </summary>
internal sealed class Page(string title)
{
    private readonly StringBuilder _html = new();
    private readonly StringBuilder _md = new();

    private static string E(string text) => WebUtility.HtmlEncode(text);

    /// <summary>Writes the page into a results folder as <see cref="ReportWriter.Markdown"/> and <see cref="ReportWriter.Html"/>.</summary>
    public void WriteTo(string folder)
    {
        File.WriteAllText(Path.Combine(folder, ReportWriter.Markdown), Markdown());
        File.WriteAllText(Path.Combine(folder, ReportWriter.Html), Html());
    }

    public Page Heading(int level, string text)
    {
        _html.AppendLine($"<h{level}>{E(text)}</h{level}>");
        _md.AppendLine($"{new string('#', level)} {text}").AppendLine();
        return this;
    }

    public Page Paragraph(string text, bool warning = false)
    {
        _html.AppendLine(warning ? $"<p class=\"warning\">{E(text)}</p>" : $"<p>{E(text)}</p>");
        _md.AppendLine(text).AppendLine();
        return this;
    }

    public Page List(IEnumerable<string> items, bool warnings = false)
    {
        var list = items.ToList();
        _html.AppendLine("<ul>" + string.Concat(list.Select(i => warnings ? $"<li class=\"warning\">{E(i)}</li>" : $"<li>{E(i)}</li>")) + "</ul>");
        foreach (string item in list) _md.AppendLine($"- {item}");
        _md.AppendLine();
        return this;
    }

    /// <summary>A table whose first row is its header.</summary>
    public Page Table(IReadOnlyList<string[]> rows)
    {
        _html.AppendLine("<table><tr>" + string.Concat(rows[0].Select(h => $"<th>{E(h)}</th>")) + "</tr>");
        foreach (var row in rows.Skip(1)) _html.AppendLine("<tr>" + string.Concat(row.Select(c => $"<td>{E(c)}</td>")) + "</tr>");
        _html.AppendLine("</table>");
        _md.AppendLine("| " + string.Join(" | ", rows[0]) + " |");
        _md.AppendLine("|" + string.Concat(rows[0].Select(_ => "---|")));
        foreach (var row in rows.Skip(1)) _md.AppendLine("| " + string.Join(" | ", row) + " |");
        _md.AppendLine();
        return this;
    }

    public Page Image(string caption, string file, byte[] png)
    {
        _html.AppendLine($"<h3>{E(caption)}</h3><img alt=\"{E(caption)}\" src=\"data:image/png;base64,{Convert.ToBase64String(png)}\">");
        _md.AppendLine($"### {caption}").AppendLine().AppendLine($"![{caption}]({file})").AppendLine();
        return this;
    }

    public string Html() => $$"""
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8">
        <title>{{E(title)}}</title>
        <style>
          body { font-family: "DejaVu Sans", Arial, sans-serif; margin: 2em auto; max-width: 1240px; color: #222; }
          table { border-collapse: collapse; margin: 1em 0; }
          th, td { border: 1px solid #bbb; padding: 4px 10px; text-align: right; }
          th:first-child, td:first-child, th:nth-child(2), td:nth-child(2) { text-align: left; }
          th { background: #eef2f7; }
          .warning { color: #a33; }
          img { width: 100%; max-width: 1200px; border: 1px solid #ddd; }
        </style>
        </head><body>
        <h1>{{E(title)}}</h1>
        {{_html}}</body></html>

        """;

    public string Markdown() => $"# {title}\n\n{_md}";
}
