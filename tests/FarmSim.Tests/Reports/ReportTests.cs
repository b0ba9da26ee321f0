using FarmSim.Cli;
using FarmSim.Reports;
using FarmSim.Reports.Charts;
using SkiaSharp;

namespace FarmSim.Tests.Reports;

/// <summary>Every chart and the report, for every example scenario, shortened to keep the suite quick.</summary>
[TestFixture]
public class ReportTests
{
    private string _work = "";
    private readonly Dictionary<string, string> _runs = [];

    public static IEnumerable<string> Examples() =>
        Directory.GetFiles(Path.Combine(TestContext.CurrentContext.TestDirectory, "scenarios"), "*.yaml").Select(Path.GetFileNameWithoutExtension)!;

    /// <summary>Examples whose story needs their whole run (a daily curve, a 9:30 burst, a crash at the peak) run as written, with fewer replications.</summary>
    private static readonly Dictionary<string, string[]> AsWritten = new() { ["monday-peak"] = ["--replications", "2"], ["fe2-fails-at-peak"] = ["--replications", "2"], ["rolling-publish"] = ["--replications", "2"], ["sticky-recovery"] = ["--replications", "2"] };

    [OneTimeSetUp]
    public async Task RunTheExamples()
    {
        _work = Directory.CreateTempSubdirectory("farmsim-report-").FullName;
        foreach (string example in Examples())
        {
            string output = Path.Combine(_work, example);
            string scenario = Path.Combine(TestContext.CurrentContext.TestDirectory, "scenarios", example + ".yaml");
            int code = await FarmSimCommandLine.RunAsync(["run", scenario, "--out", output, "-q",
                .. AsWritten.GetValueOrDefault(example, ["--duration", "2m", "--warmup", "10s", "--replications", "3"])]);
            Assert.That(code, Is.Zero, example);
            _runs[example] = output;
        }
    }

    [OneTimeTearDown]
    public void Remove() => Directory.Delete(_work, recursive: true);

    [TestCaseSource(nameof(Examples))]
    public void Every_chart_is_a_non_blank_png_of_the_chart_size(string example)
    {
        foreach (string chart in ReportWriter.ChartFiles)
        {
            string path = Path.Combine(_runs[example], chart);
            Assert.That(File.Exists(path), chart);
            using var bitmap = SKBitmap.Decode(path);
            Assert.That(bitmap, Is.Not.Null, $"{chart} is not a readable PNG");
            // Over time, a run whose load changes has more panels, each as tall as one of the usual three.
            if (chart == OverTimeChart.FileName)
                Assert.That((bitmap.Width, bitmap.Height), Is.AnyOf(Enumerable.Range(3, 4).Select(panels => (object)(ChartStyle.Width, ChartStyle.Height * panels / 3)).ToArray()), chart);
            else Assert.That((bitmap.Width, bitmap.Height), Is.EqualTo((ChartStyle.Width, ChartStyle.Height)), chart);
            Assert.That(ColouredShare(bitmap), Is.GreaterThan(0.002), $"{chart} shows no data: only the grey and black of frame, grid and text");
        }
    }

    [TestCaseSource(nameof(Examples))]
    public async Task Report_redraws_from_the_csvs_exactly_what_run_drew(string example)
    {
        string copy = Path.Combine(_work, example + "-redrawn");
        Directory.CreateDirectory(copy);
        foreach (string file in new[] { "run.json", "summary.csv", "timeseries.csv", "latency_distribution.csv" })
            File.Copy(Path.Combine(_runs[example], file), Path.Combine(copy, file));

        Assert.That(await FarmSimCommandLine.RunAsync(["report", copy]), Is.Zero);
        foreach (string file in ReportWriter.ChartFiles.Append(ReportWriter.Markdown).Append(ReportWriter.Html))
            Assert.That(File.ReadAllBytes(Path.Combine(copy, file)), Is.EqualTo(File.ReadAllBytes(Path.Combine(_runs[example], file))), file);
    }

    [TestCaseSource(nameof(Examples))]
    public void The_report_lists_every_app_and_embeds_every_chart(string example)
    {
        var data = ResultsData.Load(_runs[example]);
        string md = File.ReadAllText(Path.Combine(_runs[example], ReportWriter.Markdown));
        string html = File.ReadAllText(Path.Combine(_runs[example], ReportWriter.Html));
        foreach (var app in data.Scenario.Farm.Apps)
        {
            Assert.That(md, Does.Contain($"| {app.Name} | {app.Zone} |"), app.Name);
            Assert.That(html, Does.Contain($"<td>{app.Name}</td><td>{app.Zone}</td>"), app.Name);
        }
        foreach (string chart in ReportWriter.ChartFiles) Assert.That(md, Does.Contain($"]({chart})"));
        Assert.That(html.Split("src=\"data:image/png;base64,").Length - 1, Is.EqualTo(ReportWriter.ChartFiles.Count));
        Assert.That(html, Does.Not.Contain("http://").And.Not.Contain("https://").And.Not.Contain("<script"), "self-contained");
    }

    [Test]
    public void A_daily_curve_finds_its_peak_at_the_burst_and_names_the_windows_that_miss()
    {
        var data = ResultsData.Load(_runs["monday-peak"]);
        string md = File.ReadAllText(Path.Combine(_runs["monday-peak"], ReportWriter.Markdown));
        // The worst window is the campaign's: 9h30m to 9h45m; its p95 in the report is the one in timeseries.csv.
        var peak = data.TimeSeries.Where(r => r.Scope == "app" && r.Name == "Portal" && r.Metric == "latency_p95_ms" && double.IsFinite(r.Value)).MaxBy(r => r.Value)!;
        Assert.That(peak.WindowStart, Is.EqualTo(9.5 * 3600));
        Assert.That(md, Does.Contain($"| Portal | 9h30m–9h45m | {peak.Value:0.#} ms [{peak.Low:0.#} ms, {peak.High:0.#} ms] |"));
        // Over the day the objective holds; window by window it does not, and the report says where.
        Assert.That(md, Does.Contain("| Portal.p95 <= 1.5s | app Portal |").And.Contain("| yes | 2: 9h30m–9h45m, 9h45m–10h |"));
        Assert.That(md, Does.Contain("| Portal.p95@peak <= 1.5s | app Portal in 9h30m–9h45m |"));
        Assert.That(md, Does.Contain("150 requests/s, following a linear profile every 24h"));
    }

    [TestCaseSource(nameof(Examples))]
    public void Over_time_no_label_sits_on_an_axis_and_no_queue_is_negative(string example)
    {
        var panels = OverTimeChart.Panels(ResultsData.Load(_runs[example]));
        foreach (var plot in panels)
        {
            // A line's label is drawn on the axis beside it, over the tick labels: lines are named in the legend.
            var labelled = plot.GetPlottables().OfType<ScottPlot.Plottables.AxisLine>().Where(l => !string.IsNullOrEmpty(l.LabelText)).Select(l => l.LabelText).ToList();
            Assert.That(labelled, Is.Empty, "lines labelled on an axis");
        }
        var queue = panels[^1];
        Assert.That(queue.Axes.GetLimits().Bottom, Is.GreaterThanOrEqualTo(0), "a queue length is never negative");
    }

    [Test]
    public void The_report_describes_the_hops_as_set_and_counts_in_words()
    {
        string md = File.ReadAllText(Path.Combine(_runs["inside-a-front-end"], ReportWriter.Markdown));
        Assert.That(md, Does.Contain("to a zone's balancer constant 1ms").And.Contain("balancer to server constant 0.2ms").And.Not.Contain("adds 0s per hop"));
        Assert.That(md, Does.Contain("1 database query of constant 4ms").And.Contain("3 database queries of"));
    }

    [Test]
    public void A_chart_wide_title_fits_the_chart()
    {
        const string title = "a-scenario-with-a-long-name: farm response time and throughput (95% CI bands), every alternative";
        using var font = ChartImage.TitleFont(title);
        Assert.That(font.MeasureText(title), Is.LessThanOrEqualTo(ChartStyle.Width - 20));
    }

    [Test]
    public async Task Rejections_add_a_panel_and_a_warning()
    {
        string output = Path.Combine(_work, "rejecting");
        string scenario = Path.Combine(TestContext.CurrentContext.TestDirectory, "scenarios", "single-server.yaml");
        Assert.That(await FarmSimCommandLine.RunAsync(["run", scenario, "--out", output, "-q", "--duration", "1m", "--replications", "2",
            "--set", "servers.fe1.queue_limit=5", "--set", "servers.fe1.workers=2"]), Is.Zero);
        var data = ResultsData.Load(output);
        Assert.That(ReportWriter.Warnings(data), Has.Some.Contains("rejected").And.Some.Contains("near saturation").And.Some.Contains("overloaded"));
        using var bitmap = SKBitmap.Decode(Path.Combine(output, UtilizationChart.FileName));
        // The lower third holds the rejections panel: red bars.
        int red = 0;
        for (int y = ChartStyle.Height * 2 / 3; y < ChartStyle.Height; y++)
        for (int x = 0; x < ChartStyle.Width; x++)
        {
            var c = bitmap.GetPixel(x, y);
            if (c.Red > 200 && c.Green < 120 && c.Blue < 120) red++;
        }
        Assert.That(red, Is.GreaterThan(1000));
    }

    [Test]
    public void The_topology_draws_calls_between_zones_in_dark_red()
    {
        static int DarkRed(string run)
        {
            using var bitmap = SKBitmap.Decode(Path.Combine(run, TopologyChart.FileName));
            int count = 0;
            for (int y = 0; y < bitmap.Height; y++)
            for (int x = 0; x < bitmap.Width; x++)
            {
                var c = bitmap.GetPixel(x, y);
                if (c.Red > 120 && c.Green < 60 && c.Blue < 60) count++;
            }
            return count;
        }
        Assert.That(DarkRed(_runs["inside-a-front-end"]), Is.GreaterThan(300), "Portal calls Orders in another zone");
        Assert.That(DarkRed(_runs["intranet-zone"]), Is.Zero, "no calls, no call edges");
    }

    [Test]
    public void Charts_carry_their_text()
    {
        // The same chart with a title and with a blank title (same height: a space) must differ:
        // without fonts ScottPlot draws no glyphs, silently, and the two would be identical.
        static byte[] Draw(string title)
        {
            var plot = ChartStyle.NewPlot(title, "time (s)", "requests/s");
            plot.Add.Scatter(new double[] { 1, 2, 3 }, new double[] { 1, 4, 9 });
            return ChartImage.Png(plot);
        }
        using var with = SKBitmap.Decode(Draw("FarmSim text check"));
        using var without = SKBitmap.Decode(Draw(" "));
        int differing = 0;
        for (int y = 0; y < ChartStyle.Height; y++)
        for (int x = 0; x < ChartStyle.Width; x++)
            if (with.GetPixel(x, y) != without.GetPixel(x, y)) differing++;
        Assert.That(differing, Is.GreaterThan(500), "the title drew no pixels: are fonts installed?");
    }

    [Test]
    public void An_empty_chart_has_no_coloured_pixels() =>
        Assert.That(ColouredShare(SKBitmap.Decode(ChartImage.Png(ChartStyle.NewPlot("an empty chart", "x", "y")))), Is.Zero);

    /// <summary>
    /// The share of clearly coloured pixels: data (lines, bars, boxes) is drawn in the palette's
    /// colours, while frame, grid and text are grey or black.
    /// </summary>
    private static double ColouredShare(SKBitmap bitmap)
    {
        long coloured = 0;
        for (int y = 0; y < bitmap.Height; y += 2)
        for (int x = 0; x < bitmap.Width; x += 2)
        {
            var c = bitmap.GetPixel(x, y);
            if (Math.Max(c.Red, Math.Max(c.Green, c.Blue)) - Math.Min(c.Red, Math.Min(c.Green, c.Blue)) > 20) coloured++;
        }
        return coloured / (bitmap.Width / 2.0 * (bitmap.Height / 2.0));
    }

    [Test]
    public void A_crash_is_listed_with_what_it_cost()
    {
        string md = File.ReadAllText(Path.Combine(_runs["fe2-fails-at-peak"], ReportWriter.Markdown));
        Assert.That(md, Does.Contain("What happened to servers").And.Contain("| fe2 | down at 20m; up at 30m |").And.Contain("| 75.0% ± 0.0% |"));
    }
}
