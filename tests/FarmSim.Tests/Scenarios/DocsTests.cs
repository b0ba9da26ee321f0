using System.Text.RegularExpressions;
using FarmSim.Scenarios;

namespace FarmSim.Tests.Scenarios;

/// <summary>The reference page and the README: every example parses, every key is explained.</summary>
public partial class DocsTests
{
    private static string Root => TestContext.CurrentContext.TestDirectory;

    [GeneratedRegex(@"```yaml\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex YamlBlock();

    public static IEnumerable<TestCaseData> Examples()
    {
        foreach (string doc in new[] { "docs/scenarios.md", "README.md" })
        {
            var blocks = YamlBlock().Matches(File.ReadAllText(Path.Combine(TestContext.CurrentContext.TestDirectory, doc)));
            for (int i = 0; i < blocks.Count; i++)
                yield return new TestCaseData(doc, blocks[i].Groups[1].Value).SetName($"Example {i + 1} of {doc} loads");
        }
    }

    [TestCaseSource(nameof(Examples))]
    public void Example_loads_without_errors(string doc, string yaml)
    {
        var result = ScenarioLoader.Load(yaml, doc);
        Assert.That(result.Errors, Is.Empty);
        Assert.That(result.Scenario, Is.Not.Null);
    }

    [Test]
    public void The_reference_page_has_examples() => Assert.That(Examples().Count(e => (string)e.Arguments[0]! == "docs/scenarios.md"), Is.GreaterThanOrEqualTo(4));

    [Test]
    public void Every_key_of_the_format_is_explained_in_the_reference_page()
    {
        string page = File.ReadAllText(Path.Combine(Root, "docs/scenarios.md"));
        var sections = new[]
        {
            ScenarioFormat.Root, ScenarioFormat.Simulation, ScenarioFormat.Environment, ScenarioFormat.Server, ScenarioFormat.ServerDefaults,
            ScenarioFormat.Zone, ScenarioFormat.ZoneDefaults, ScenarioFormat.App, ScenarioFormat.AppDefaults, ScenarioFormat.Sweep,
            ScenarioFormat.RequestClass, ScenarioFormat.Database, ScenarioFormat.Call,
            ScenarioFormat.Arrival, ScenarioFormat.Profile, ScenarioFormat.Burst, ScenarioFormat.RandomBursts,
            ScenarioFormat.Users, ScenarioFormat.Sessions, ScenarioFormat.Pages,
        };
        var missing = sections.SelectMany(s => s.Keys).Distinct().Where(key => !page.Contains($"| `{key}` ") && !page.Contains($"| `{key}.")).ToList();
        Assert.That(missing, Is.Empty, "keys without a row in a table of docs/scenarios.md");
        // Distribution parameters are explained in the table of distributions.
        foreach (string parameter in ScenarioFormat.Service.Keys.Skip(1)) Assert.That(page, Does.Contain($"`{parameter}` ("), parameter);
        foreach (string metric in ServiceLevels.MetricNames) Assert.That(page, Does.Contain($"`{metric}`"), metric);
        foreach (string hop in ScenarioFormat.Hops.Keys) Assert.That(page, Does.Contain($"| `hops.{hop}` |"), hop);
        foreach (string qualified in new[] { "proxy.latency", "arrival.rate" }) Assert.That(page, Does.Contain($"| `{qualified}` |"), qualified);
        Assert.That(page, Does.Contain("`{ algorithm: name }`"), "the balancer mapping");
        foreach (string name in ScenarioFormat.DistributionNames) Assert.That(page, Does.Contain($"| `{name}` |"));
        foreach (string name in FarmSim.Farm.Balancing.BalancerCatalog.Names) Assert.That(page, Does.Contain($"| `{name}` |"));
    }
}
