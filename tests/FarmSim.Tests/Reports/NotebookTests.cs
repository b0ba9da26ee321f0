using System.Diagnostics;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using FarmSim.Cli;

namespace FarmSim.Tests.Reports;

/// <summary>
/// The notebooks run headless (dotnet-repl fails on an error in any cell) against results folders
/// this test makes, and they pin the same package versions as the build.
/// </summary>
public partial class NotebookTests
{
    private static string Notebooks => Path.Combine(Repository.Root, "notebooks");

    public static IEnumerable<string> NotebookFiles() =>
        Directory.GetFiles(Path.Combine(Repository.Root, "notebooks"), "*.ipynb").Select(Path.GetFileName)!;

    [GeneratedRegex("#r \\\\\"nuget: ([^,]+), ([^\\\\]+)\\\\\"")]
    private static partial Regex NugetReference();

    [TestCaseSource(nameof(NotebookFiles))]
    public void A_notebook_pins_the_versions_the_build_uses(string notebook)
    {
        string props = File.ReadAllText(Path.Combine(Repository.Root, "Directory.Packages.props"));
        var references = NugetReference().Matches(File.ReadAllText(Path.Combine(Notebooks, notebook)));
        Assert.That(references, Is.Not.Empty);
        foreach (Match r in references)
            Assert.That(props, Does.Contain($"Include=\"{r.Groups[1].Value}\" Version=\"{r.Groups[2].Value}\""), r.Value);
    }

    [Test]
    public async Task Every_notebook_runs_headless_without_an_error()
    {
        string repl = Path.Combine(Repository.Root, ".tools", "dotnet-repl");
        Repository.RequireTool(File.Exists(repl), "dotnet-repl", "run scripts/setup.sh --test-tools");
        Repository.RequireTool(File.Exists(Path.Combine(Repository.Root, "src/FarmSim.Cli/bin/Release/net10.0/FarmSim.Reports.dll")),
            "The Release build the notebooks load", "run scripts/setup.sh (or dotnet build -c Release)");

        string work = Directory.CreateTempSubdirectory("farmsim-notebooks-").FullName;
        try
        {
            string a = Path.Combine(work, "a"), b = Path.Combine(work, "b");
            string scenario = Path.Combine(TestContext.CurrentContext.TestDirectory, "scenarios", "intranet-zone.yaml");
            string[] quick = ["-q", "--no-plots", "--duration", "1m", "--replications", "2"];
            Assert.That(await FarmSimCommandLine.RunAsync(["run", scenario, "--out", a, .. quick]), Is.Zero);
            Assert.That(await FarmSimCommandLine.RunAsync(["run", scenario, "--out", b, .. quick, "--set", "zones.Intranet.balancer=power-of-two-choices"]), Is.Zero);

            foreach (string notebook in NotebookFiles())
            {
                string output = Path.Combine(work, notebook);
                var start = new ProcessStartInfo(repl) { WorkingDirectory = Notebooks, RedirectStandardOutput = true, RedirectStandardError = true };
                foreach (string arg in new[] { "--run", notebook, "--exit-after-run", "--output-path", output }) start.ArgumentList.Add(arg);
                start.Environment["FARMSIM_RESULTS"] = a;
                start.Environment["FARMSIM_RESULTS_A"] = a;
                start.Environment["FARMSIM_RESULTS_B"] = b;
                using var process = Process.Start(start)!;
                var stdout = process.StandardOutput.ReadToEndAsync();
                var stderr = process.StandardError.ReadToEndAsync();
                if (!process.WaitForExit(TimeSpan.FromMinutes(5)))
                {
                    process.Kill(entireProcessTree: true);
                    Assert.Fail($"{notebook} did not finish within five minutes");
                }

                var errors = Errors(output);
                Assert.That(errors, Is.Empty, notebook);
                Assert.That(process.ExitCode, Is.Zero, $"{notebook}: {await stdout}\n{await stderr}");
            }
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>The error outputs of an executed notebook.</summary>
    private static List<string> Errors(string executed)
    {
        if (!File.Exists(executed)) return ["no executed notebook was written"];
        var cells = JsonNode.Parse(File.ReadAllText(executed))!["cells"]!.AsArray();
        return cells.SelectMany(c => c!["outputs"]?.AsArray() ?? [])
            .Where(o => (string?)o!["output_type"] == "error")
            .Select(o => $"{o!["ename"]}: {o["evalue"]}").ToList();
    }
}
