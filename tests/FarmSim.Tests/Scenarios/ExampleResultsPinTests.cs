using System.Security.Cryptography;
using FarmSim.Experiments;
using FarmSim.Reports;
using FarmSim.Scenarios;

namespace FarmSim.Tests.Scenarios;

/// <summary>
/// The example scenarios' results, pinned by the SHA-256 of their summary.csv and timeseries.csv:
/// a reshaping of the runtime or the loader must leave every figure as it was. A change that alters
/// results on purpose updates the pins here and says why in its commit.
/// </summary>
public class ExampleResultsPinTests
{
    private static readonly (string Scenario, string Summary, string TimeSeries)[] Pins =
    [
        ("single-server.yaml",
            "66c69dc692f9a6b4c3ab40a62b0800b0b9722345690d07b107c80103e442e091",
            "f983cf14f43bc43549485a8d0c63a257138ee79d26991db34fc34b5b2fcb0488"),
        ("intranet-zone.yaml",
            "5ea56080cc73293ab3394c60573ad48b82584699a388f2b12a10832e7a15b6d8",
            "7fdc7df9467c5ec0059e63178d10f693f75d91571f30d7b03b45003664667084"),
        ("inside-a-front-end.yaml",
            "73ce27321e65979ea11ca9db666bb3c062f368a1d5c6b9bc1a12e2522f7392c6",
            "c1d386a66cf2d347aaf7d0d15e8ad0e0c0c5bd7ef5a20a10548afcaa760071c1"),
        ("reports-own-zone.yaml",
            "207433e39bf278ce145f1b557f1bf463bfd17cbb5fcfcf94d91ffa2b59f5163f",
            "9361194cf3644b247a1aaea40c9a310ba74bd30f557bc0fedceef51ea6c23b4f"),
        ("monday-peak.yaml",
            "fc8536ab08623159d8ecdb5358bb7249ac72fc11b185a3e0a754a332528033f2",
            "7ef67d8f8010e7678386dc77b5dce7d22f965637b0334aa1f6bf717768d76a7d"),
        ("concurrent-users.yaml",
            "3cada63c39f5e5c1b2f63d02f625da5fa38440077c2abf64cfbd6ee5b81c23dd",
            "c4e6537907241451b2575456821a7d800837ee5d0a3d5f506014fbb5a7a66446"),
    ];

    private static IEnumerable<TestCaseData> Cases() =>
        Pins.Select(p => new TestCaseData(p.Scenario, p.Summary, p.TimeSeries).SetName($"Results_of_{p.Scenario.Replace('.', '_').Replace('-', '_')}_are_pinned"));

    [TestCaseSource(nameof(Cases))]
    public void Results_are_pinned(string scenario, string summaryHash, string timeSeriesHash)
    {
        var loaded = ScenarioLoader.LoadFile(Path.Combine(Repository.Root, "scenarios", scenario));
        Assert.That(loaded.Errors, Is.Empty);
        var run = ReplicationRunner.Run(loaded.Scenario!.Farm, loaded.Scenario.Simulation);
        string folder = Directory.CreateTempSubdirectory("farmsim-pin-").FullName;
        try
        {
            string summary = Path.Combine(folder, SummaryCsv.FileName), series = Path.Combine(folder, TimeSeriesCsv.FileName);
            SummaryCsv.Write(summary, run.Summary);
            TimeSeriesCsv.Write(series, run.TimeSeries);
            Assert.Multiple(() =>
            {
                Assert.That(Sha256(summary), Is.EqualTo(summaryHash), $"{scenario}: summary.csv changed");
                Assert.That(Sha256(series), Is.EqualTo(timeSeriesHash), $"{scenario}: timeseries.csv changed");
            });
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static string Sha256(string path) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));
}
