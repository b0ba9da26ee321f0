using System.Diagnostics;
using System.Text.RegularExpressions;
using FarmSim.Cli;
using FarmSim.Reports;

namespace FarmSim.Tests.Reports;

/// <summary>
/// report.html in headless Chromium: it renders, every image loads, and the console stays silent.
/// Where Chromium cannot be installed the test says so and is skipped (never in CI).
/// </summary>
public partial class ReportInBrowserTests
{
    private static string? Chromium() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .SelectMany(dir => new[] { "chromium", "chromium-browser", "google-chrome" }.Select(name => Path.Combine(dir, name)))
            .FirstOrDefault(File.Exists);

    [GeneratedRegex("<title>PROBE images=(\\d+) loaded=(\\d+)</title>")]
    private static partial Regex Probe();

    [Test]
    public async Task The_html_report_renders_with_its_images_and_no_console_messages()
    {
        string? chromium = Chromium();
        Repository.RequireTool(chromium is not null, "Chromium", "run scripts/setup.sh --test-tools (apt-get install chromium)");

        string work = Directory.CreateTempSubdirectory("farmsim-browser-").FullName;
        try
        {
            string output = Path.Combine(work, "run");
            string scenario = Path.Combine(TestContext.CurrentContext.TestDirectory, "scenarios", "intranet-zone.yaml");
            Assert.That(await FarmSimCommandLine.RunAsync(["run", scenario, "--out", output, "-q", "--duration", "1m", "--replications", "2"]), Is.Zero);

            // A copy with a probe that reports, in the title, how many images there are and how many loaded.
            string html = File.ReadAllText(Path.Combine(output, ReportWriter.Html));
            const string probe = "<script>window.addEventListener('load', () => { const i = [...document.images]; " +
                "document.title = `PROBE images=${i.length} loaded=${i.filter(x => x.complete && x.naturalWidth > 0).length}`; });</script>";
            string probed = Path.Combine(work, "probed.html");
            File.WriteAllText(probed, html.Replace("</body>", probe + "</body>"));

            var (dom, log) = await RunChromium(chromium!, work, "--dump-dom", new Uri(probed).AbsoluteUri);
            var match = Probe().Match(dom);
            Assert.That(match.Success, Is.True, $"the page did not finish loading:\n{log}");
            Assert.That(match.Groups[2].Value, Is.EqualTo(match.Groups[1].Value), "images that did not load");
            Assert.That(int.Parse(match.Groups[1].Value), Is.EqualTo(ReportWriter.ChartFiles.Count));
            Assert.That(log.Split('\n').Where(l => l.Contains(":CONSOLE(")), Is.Empty, "console messages");
            string withoutImages = System.Text.RegularExpressions.Regex.Replace(html, "data:image/png;base64,[A-Za-z0-9+/=]+", "");
            Assert.That(withoutImages, Does.Not.Contain("<link").And.Not.Contain("url(").And.Not.Contain("//"), "no fetches: everything is in the page");
            Assert.That(System.Text.RegularExpressions.Regex.Matches(html, "src=\"(?!data:image/png;base64,)"), Is.Empty, "every image is embedded");

            // The original, as a reviewer would open it: a screenshot with content.
            string shot = Path.Combine(work, "report.png");
            await RunChromium(chromium!, work, $"--screenshot={shot}", new Uri(Path.Combine(output, ReportWriter.Html)).AbsoluteUri);
            Assert.That(new FileInfo(shot).Length, Is.GreaterThan(20_000), "the screenshot is (nearly) empty");
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private static async Task<(string Stdout, string Stderr)> RunChromium(string chromium, string work, string action, string url)
    {
        var start = new ProcessStartInfo(chromium) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string arg in new[]
        {
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", $"--user-data-dir={Path.Combine(work, "profile")}",
            "--enable-logging=stderr", "--v=0", "--virtual-time-budget=5000", "--window-size=1280,4000", action, url,
        })
            start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(60)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("Chromium did not finish within a minute");
        }
        return (await stdout, await stderr);
    }
}
