using FarmSim.Engine.Distributions;
using FarmSim.Experiments;
using FarmSim.Farm.Metrics;
using FarmSim.Farm.Topology;
using MathNet.Numerics.Distributions;

namespace FarmSim.Tests;

/// <summary>Where the repository is, for tests that use its scripts, notebooks and tools.</summary>
internal static class Repository
{
    public static string Root { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "FarmSim.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException("FarmSim.sln not found above the test folder");
    }

    /// <summary>In CI a missing tool is a failure; on a developer's machine the test says how to get it and is skipped.</summary>
    public static void RequireTool(bool present, string what, string install)
    {
        if (present) return;
        string message = $"{what} is not installed, so this test cannot run: {install}";
        if (Environment.GetEnvironmentVariable("CI") == "true") Assert.Fail(message);
        Assert.Ignore(message);
    }
}

/// <summary>Runs a program to its end, for tests of what people run from a shell.</summary>
internal static class Processes
{
    public sealed record Outcome(int Code, string Output, string Error)
    {
        public override string ToString() => $"exit {Code}\n{Output}\n{Error}";
    }

    public static Outcome Run(string file, IEnumerable<string> arguments, string? workingDirectory = null, int timeoutSeconds = 600,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new System.Diagnostics.ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = workingDirectory ?? Repository.Root };
        foreach (string argument in arguments) start.ArgumentList.Add(argument);
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) start.Environment[key] = value;
        using var process = System.Diagnostics.Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeoutSeconds * 1000))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{file} {string.Join(' ', arguments)} did not finish in {timeoutSeconds} s");
        }
        // A program it started and left running (a build server) may hold the pipes open: wait only so long for them.
        bool read = Task.WaitAll([output, error], TimeSpan.FromSeconds(30));
        return new Outcome(process.ExitCode, read ? output.Result : "(output not closed)", read ? error.Result : "(errors not closed)");
    }
}

/// <summary>Small farms built in code, and the replications' values of one metric.</summary>
internal static class Farms
{
    /// <summary>One zone (Global) of <paramref name="servers"/> identical servers, one app with Poisson arrivals.</summary>
    public static FarmSpec Single(int servers, int workers, double arrivalRate, DistributionSpec service,
        string balancer = "round-robin", int? queueLimit = null, double proxyLatency = 0)
    {
        var fronts = Enumerable.Range(1, servers).Select(i => new FrontEndSpec($"fe{i}", workers, queueLimit)).ToList();
        return new FarmSpec(new ProxySpec("www.test", proxyLatency), fronts,
            [new ZoneSpec(ZoneSpec.Global, null, [], balancer)],
            [new AppSpec("App", "/App", ZoneSpec.Global, arrivalRate, service)]);
    }

    public static IReadOnlyList<ReplicationResult> Run(FarmSpec farm, double duration, double warmup, int replications, long seed = 7, int? threads = null) =>
        ReplicationRunner.Run(farm, new SimulationSettings(duration, warmup, replications, seed), threads).Replications;

    /// <summary>Loads a scenario, which must be valid, and runs it as its simulation section says (its seed and window included).</summary>
    public static IReadOnlyList<ReplicationResult> Run(string yaml)
    {
        var loaded = FarmSim.Scenarios.ScenarioLoader.Load(yaml);
        Assert.That(loaded.Errors, Is.Empty);
        return ReplicationRunner.Run(loaded.Scenario!.Farm, loaded.Scenario.Simulation).Replications;
    }

    public static double[] Values(this IReadOnlyList<ReplicationResult> results, Scope scope, string name, Metric metric) =>
        results.Select(r => r.Find(scope, name)[metric]).ToArray();
}

/// <summary>
/// Checks a simulated figure against the exact value of queueing theory. The tolerance is the
/// half-width of the replications' Student-t interval at 99.9% (a 95% interval would, by design,
/// miss in one case out of twenty), widened only by a known resolution such as the latency
/// histogram's 0.1% relative error. Nothing is tuned to make a test pass.
/// </summary>
internal static class Theory
{
    public const double Confidence = 0.999;

    public static double HalfWidth(IReadOnlyList<double> sample, double confidence = Confidence)
    {
        int n = sample.Count;
        double mean = sample.Average();
        double variance = sample.Sum(v => (v - mean) * (v - mean)) / (n - 1);
        return StudentT.InvCDF(0, 1, n - 1, 1 - (1 - confidence) / 2) * Math.Sqrt(variance / n);
    }

    /// <param name="confidence">Wider than 99.9% only where many checks are made at once and must all hold (Bonferroni).</param>
    public static void AssertAgrees(IReadOnlyList<double> sample, double exact, string what, double relativeResolution = 0, double confidence = Confidence)
    {
        double mean = sample.Average();
        double tolerance = HalfWidth(sample, confidence) + relativeResolution * Math.Abs(exact);
        Assert.That(mean, Is.EqualTo(exact).Within(tolerance),
            $"{what}: simulated {mean:G6} ± {tolerance:G3} ({confidence:0.#####%} CI over {sample.Count} replications), theory {exact:G6}");
    }

    /// <summary>Erlang's C formula: the probability that an arrival waits in M/M/c with offered load a = λ/μ.</summary>
    public static double ErlangC(int c, double a)
    {
        // Erlang B by its stable recursion, then C from B.
        double b = 1;
        for (int k = 1; k <= c; k++) b = a * b / (k + a * b);
        double rho = a / c;
        return b / (1 - rho * (1 - b));
    }

    /// <summary>The blocking probability of M/M/c/K (K places in all: c in service, K − c waiting).</summary>
    public static double MMcKBlocking(int c, int k, double a)
    {
        var p = new double[k + 1];
        p[0] = 1;
        for (int n = 1; n <= k; n++) p[n] = p[n - 1] * a / Math.Min(n, c);
        return p[k] / p.Sum();
    }

    /// <summary>A chi-square goodness-of-fit check at the 0.1% level.</summary>
    public static void AssertFrequencies(long[] observed, double[] expectedShares, string what)
    {
        long total = observed.Sum();
        double chi2 = 0;
        for (int i = 0; i < observed.Length; i++)
        {
            double expected = expectedShares[i] * total;
            chi2 += (observed[i] - expected) * (observed[i] - expected) / expected;
        }
        double critical = ChiSquared.InvCDF(observed.Length - 1, Confidence);
        Assert.That(chi2, Is.LessThan(critical), $"{what}: counts {string.Join(",", observed)} do not fit shares {string.Join(",", expectedShares)}");
    }
}
