using FarmSim.Cli;

namespace FarmSim.Tests.Cli;

/// <summary>FarmSim installed the way .NET tools are: packed, installed from the package, and run.</summary>
public class ToolPackageTests
{
    [Test]
    public void The_tool_package_installs_into_a_tool_path_and_runs_an_example()
    {
        string work = Directory.CreateTempSubdirectory("farmsim-tool-").FullName;
        try
        {
            string packages = Path.Combine(work, "packages"), tools = Path.Combine(work, "tools"), results = Path.Combine(work, "results");
            var build = FarmSimCommandLine.BuildInfo;
            // The build the tests run on, packed as it is (no second build beside the running tests),
            // with no build server left holding on.
            string configuration = TestContext.CurrentContext.TestDirectory.Contains($"{Path.DirectorySeparatorChar}Debug{Path.DirectorySeparatorChar}") ? "Debug" : "Release";
            var pack = Processes.Run("dotnet", ["pack", "src/FarmSim.Cli/FarmSim.Cli.csproj", "-c", configuration, "--no-build", "-o", packages, "-nologo", "-v", "q", "-nodeReuse:false"]);
            Assert.That(pack.Code, Is.Zero, pack.ToString());
            Assert.That(File.Exists(Path.Combine(packages, $"FarmSim.{build.Version}.nupkg")), pack.ToString());
            var install = Processes.Run("dotnet", ["tool", "install", "FarmSim", "--version", build.Version, "--tool-path", tools, "--add-source", packages, "--ignore-failed-sources"], workingDirectory: work);
            Assert.That(install.Code, Is.Zero, install.ToString());

            string farmsim = Path.Combine(tools, "farmsim");
            var version = Processes.Run(farmsim, ["--version"], workingDirectory: work);
            Assert.That(version.Output.Trim(), Is.EqualTo($"farmsim {build}"), version.ToString());
            var run = Processes.Run(farmsim, ["run", Path.Combine(Repository.Root, "scenarios", "single-server.yaml"), "--out", results,
                "--duration", "2m", "--warmup", "10s", "--replications", "2", "--quiet"], workingDirectory: work);
            Assert.That(run.Code, Is.Zero, run.ToString());
            var record = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(results, "run.json")))!;
            Assert.Multiple(() =>
            {
                Assert.That(File.Exists(Path.Combine(results, "summary.csv")));
                Assert.That(File.Exists(Path.Combine(results, "report.html")));
                Assert.That((string?)record["farmsim_commit"], Is.EqualTo(build.Commit));
            });
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }
}
