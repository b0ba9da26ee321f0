using System.Diagnostics;
using FarmSim.Engine.Distributions;
using FarmSim.Farm.Metrics;
using FarmSim.Farm.Runtime;
using FarmSim.Farm.Topology;

// FarmSim's speed benchmark: one replication on one core per case. Run by hand:
//   dotnet run -c Release --project tests/FarmSim.Benchmarks          (add --logs for the log reading alone)
// Each case runs at a duration T and at 10T (the fastest of five runs, the machine being shared),
// each in a process of its own so that its peak working set is its own. The difference in allocations between T and 10T is the steady state's (pools,
// calendar and histograms are set up once), and the peak must not grow with the duration.

var cases = new (string Name, Func<FarmSpec> Farm, double Duration)[]
{
    ("M/M/4 at rho 0.9", MM4, 1_500),
    ("100 servers, 10 zones, rho 0.8", HundredServers, 150),
    ("100,000 requests in flight", InFlight, 12),
    ("M/M/4, a profile around rho 0.9", ProfiledMM4, 1_500),
    ("M/M/4 fed by 360 closed users", ClosedMM4, 1_500),
    ("1,000,000 closed users, M/M/4", MillionUsers, 1_500),
};

if (args is ["--logs"])
{
    LogReadingBenchmark.Run(Target); // the log reading alone
    return;
}

if (args is ["--one", var index, var duration, ..])
{
    var (_, farm, _) = cases[int.Parse(index)];
    // The 100-server farm with every zone on one algorithm: what each algorithm's pick costs.
    var spec = args is [_, _, _, var algorithm] ? HundredServersOn(algorithm) : farm();
    Measure(spec, double.Parse(duration) / 20); // warm the JIT up
    Console.WriteLine(Measure(spec, double.Parse(duration)).ToLine());
    return;
}

Console.WriteLine($"FarmSim benchmark, .NET {Environment.Version}, {Environment.ProcessorCount} cores, one replication on one thread per line");
Console.WriteLine();
Console.WriteLine($"{"case",-32} {"duration",9} {"requests",12} {"events/s",12} {"requests/s",12} {"ns/event",9} {"alloc MB",9} {"heap MB",8} {"peak WS MB",10}");

var results = new List<(Measurement Small, Measurement Large)>();
for (int c = 0; c < cases.Length; c++)
{
    var small = InChildProcess(c, cases[c].Duration);
    // This machine shares its cores with others: the fastest of five runs is the code's own speed.
    var large = Enumerable.Range(0, 5).Select(_ => InChildProcess(c, cases[c].Duration * 10)).MinBy(m => m.Seconds);
    Print(cases[c].Name, cases[c].Duration, small);
    Print(cases[c].Name, cases[c].Duration * 10, large);
    results.Add((small, large));
}

double baseline = PlainLoopRequestsPerSecond();
Console.WriteLine();
Console.WriteLine($"Reference: a plain C# M/M/4 loop on PriorityQueue<T> does {baseline / 1e6:F2} M requests/s here.");
Console.WriteLine();
Console.WriteLine("Targets (at 10T):");
Target($"M/M/4 at rho 0.9: {results[0].Large.RequestsPerSecond / 1e6:F2} M requests/s", "at least 5 M", results[0].Large.RequestsPerSecond >= 5e6);
Target($"100 servers, 10 zones: {results[1].Large.RequestsPerSecond / 1e6:F2} M requests/s", "at least 2 M", results[1].Large.RequestsPerSecond >= 2e6);
double ratio = results[2].Large.NanosecondsPerEvent / results[0].Large.NanosecondsPerEvent;
Target($"100,000 in flight: {ratio:F2} x the M/M/4 cost per event", "at most 4 x", ratio <= 4);
double PerRequest(int c) => results[c].Large.Seconds / results[c].Large.Requests;
Target($"a profile: {PerRequest(3) / PerRequest(0):F2} x the plain M/M/4 cost per request", "at most 1.10 x", PerRequest(3) / PerRequest(0) <= 1.10);
Target($"a closed population: {PerRequest(4) / PerRequest(0):F2} x the plain M/M/4 cost per request", "at most 1.10 x", PerRequest(4) / PerRequest(0) <= 1.10);
double million = results[5].Large.NanosecondsPerEvent / results[0].Large.NanosecondsPerEvent;
Target($"1,000,000 closed users: {million:F2} x the M/M/4 cost per event", "at most 2 x", million <= 2);
for (int c = 0; c < cases.Length; c++)
{
    var (small, large) = results[c];
    double perRequest = (large.Allocated - small.Allocated) / (double)(large.Requests - small.Requests);
    Target($"{cases[c].Name}: {perRequest:F3} bytes allocated per request between T and 10T", "zero", perRequest < 1);
    double growth = Math.Round(large.RetainedHeap / (double)small.RetainedHeap - 1, 2);
    Target($"{cases[c].Name}: simulation heap {small.RetainedHeap / 1e6:F1} MB at T, {large.RetainedHeap / 1e6:F1} MB at 10T ({growth:+0%;-0%;0%}); process peak working set {small.PeakWorkingSet / 1e6:F0} and {large.PeakWorkingSet / 1e6:F0} MB", "flat", growth < 0.05);
}

Console.WriteLine();
Console.WriteLine($"{"the 100-server farm at 10T, every zone on",-36} {"requests/s",12} {"ns/event",9} {"bytes/request",14}");
foreach (string algorithm in FarmSim.Farm.Balancing.BalancerCatalog.Names)
{
    // At T and 10T: what the longer run allocates more is per request, set-up aside. Where it is not
    // zero, the algorithm lets queues grow on this farm (least response time herds onto the server
    // it last found fastest), and the pool of requests grows with them.
    var small = InChildProcess(1, cases[1].Duration, algorithm);
    var m = InChildProcess(1, cases[1].Duration * 10, algorithm);
    double bytes = (m.Allocated - small.Allocated) / (double)(m.Requests - small.Requests);
    Console.WriteLine($"{algorithm,-36} {m.RequestsPerSecond / 1e6,10:F2} M {m.NanosecondsPerEvent,9:F1} {bytes,14:F3}");
    Target($"{algorithm}: {bytes:F3} bytes allocated per request between T and 10T", "zero: nothing per pick", bytes < 1);
}

LogReadingBenchmark.Run(Target);

static void Target(string figure, string target, bool met) =>
    Console.WriteLine($"  {(met ? "met " : "MISSED")}  {figure} (target: {target})");

static Measurement InChildProcess(int index, double duration, string? algorithm = null)
{
    var start = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true };
    if (!Environment.ProcessPath!.EndsWith("FarmSim.Benchmarks", StringComparison.Ordinal))
        start.ArgumentList.Add(typeof(Measurement).Assembly.Location); // running under 'dotnet'
    foreach (string arg in new[] { "--one", index.ToString(), duration.ToString(System.Globalization.CultureInfo.InvariantCulture) })
        start.ArgumentList.Add(arg);
    if (algorithm is not null) start.ArgumentList.Add(algorithm);
    using var child = Process.Start(start)!;
    string line = child.StandardOutput.ReadToEnd().Trim().Split('\n')[^1];
    child.WaitForExit();
    return Measurement.Parse(line);
}

static void Print(string name, double duration, Measurement m) =>
    Console.WriteLine($"{name,-32} {duration,8}s {m.Requests,12:N0} {m.Events / m.Seconds / 1e6,10:F2} M {m.Requests / m.Seconds / 1e6,10:F2} M {m.NanosecondsPerEvent,9:F1} {m.Allocated / 1e6,9:F1} {m.RetainedHeap / 1e6,8:F1} {m.PeakWorkingSet / 1e6,10:F0}");

static Measurement Measure(FarmSpec farm, double duration)
{
    GC.Collect();
    var replication = new FarmReplication(farm, new SimulationSettings(duration, 0, 1, 1), 0);
    long before = GC.GetAllocatedBytesForCurrentThread();
    var clock = Stopwatch.StartNew();
    var result = replication.Run();
    double seconds = clock.Elapsed.TotalSeconds;
    long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
    long requests = (long)result.Find(Scope.Farm, "farm")[Metric.Arrivals];
    // What the simulation holds at the end, its pools at their high-water mark: its peak memory.
    long retained = GC.GetTotalMemory(forceFullCollection: true);
    GC.KeepAlive(replication);
    using var process = Process.GetCurrentProcess();
    return new Measurement(requests, result.EventsProcessed, seconds, allocated, retained, process.PeakWorkingSet64);
}

// One server, 4 workers, exponential service of 10 ms, 360 requests/s: rho = 0.9.
static FarmSpec MM4() => new(new ProxySpec("bench"), [new FrontEndSpec("fe1", 4, null)],
    [new ZoneSpec("Global", null, [], "round-robin")],
    [new AppSpec("App", "/App", "Global", 360, DistributionSpec.Exponential(0.010))]);

// 100 servers of 4 workers in 10 zones of 12: each zone has its own 10 servers and borrows two of
// the next zone's, so 20 servers are shared by two zones. Shared servers weigh 0.5, which gives
// every server the same share under weighted algorithms. Two apps per zone, 50 ms lognormal
// service (cv 1), 6,400 requests/s in all: rho = 0.8. The zones use all four algorithms.
static FarmSpec HundredServers() => HundredServersOn(null);

static FarmSpec HundredServersOn(string? only)
{
    string[] algorithms = only is null ? ["round-robin", "random", "least-connections", "power-of-two-choices"] : [only];
    var servers = Enumerable.Range(0, 100).Select(i => new FrontEndSpec($"fe{i}", 4, null, Weight: i % 10 < 2 ? 0.5 : 1)).ToList();
    var zones = Enumerable.Range(0, 10).Select(z => new ZoneSpec($"Z{z}", null,
        Enumerable.Range(10 * z, 10).Concat([10 * ((z + 1) % 10), 10 * ((z + 1) % 10) + 1]).Select(i => $"fe{i}").ToList(),
        algorithms[z % algorithms.Length])).ToList();
    var apps = Enumerable.Range(0, 20).Select(a => new AppSpec($"App{a}", $"/App{a}", $"Z{a / 2}", 320, DistributionSpec.LogNormal(0.050, 1))).ToList();
    return new FarmSpec(new ProxySpec("bench"), servers, zones, apps);
}

// The M/M/4 farm's shape with only the number in flight changed: one server of 125,000 workers,
// 1 s exponential service, 100,000 requests/s, rho = 0.8, so about 100,000 requests are in
// service at once, each with a completion event in the calendar. (Many servers are the
// 100-server case's subject; here the calendar and the request pool are.)
static FarmSpec InFlight() => new(new ProxySpec("bench"),
    [new FrontEndSpec("fe1", 125_000, null)],
    [new ZoneSpec("Global", null, [], "round-robin")],
    [new AppSpec("App", "/App", "Global", 100_000, DistributionSpec.Exponential(1))]);

// M/M/4 whose arrival rate swings linearly between 95% and 105% of 360/s every 100 s (a daily
// curve, compressed): the same mean load, drawn as a non-homogeneous Poisson process.
static FarmSpec ProfiledMM4() => MM4() with
{
    Apps = [MM4().Apps[0] with { Profile = new LoadProfile(ProfileShape.Linear, [new(0, 0.95), new(50, 1.05), new(100, 0.95)], Repeat: 100) }],
};

// M/M/4 fed by a closed population instead: 360 users thinking 1 s (exponential) between requests.
static FarmSpec ClosedMM4() => MM4() with
{
    Apps = [MM4().Apps[0] with { ArrivalRate = 0, Users = new ClosedUsersSpec(360, DistributionSpec.Exponential(1)) }],
};

// A million users logged in at once, each thinking 2,778 s on average: they send about 360
// requests/s to the M/M/4 server (rho 0.9); thinking users wait in one event of the calendar, not a million.
static FarmSpec MillionUsers() => MM4() with
{
    Apps = [MM4().Apps[0] with { ArrivalRate = 0, Users = new ClosedUsersSpec(1_000_000, DistributionSpec.Exponential(1_000_000 / 360.0)) }],
};

// The reference point: M/M/4 written as a bare loop on .NET's PriorityQueue, no metrics but a count.
static double PlainLoopRequestsPerSecond()
{
    var random = new Random(1);
    double Exp(double mean) => -mean * Math.Log(1 - random.NextDouble());
    var calendar = new PriorityQueue<bool, double>(); // true: an arrival; false: a completion
    var queue = new Queue<double>();
    int busy = 0;
    long completed = 0;
    calendar.Enqueue(true, Exp(1 / 360.0));
    var clock = Stopwatch.StartNew();
    while (completed < 20_000_000)
    {
        calendar.TryDequeue(out bool arrival, out double time);
        if (arrival)
        {
            calendar.Enqueue(true, time + Exp(1 / 360.0));
            if (busy < 4)
            {
                busy++;
                calendar.Enqueue(false, time + Exp(0.010));
            }
            else queue.Enqueue(time);
        }
        else
        {
            completed++;
            if (queue.Count > 0)
            {
                queue.Dequeue();
                calendar.Enqueue(false, time + Exp(0.010));
            }
            else busy--;
        }
    }
    return completed / clock.Elapsed.TotalSeconds;
}

internal readonly record struct Measurement(long Requests, long Events, double Seconds, long Allocated, long RetainedHeap, long PeakWorkingSet)
{
    public double NanosecondsPerEvent => Seconds * 1e9 / Events;
    public double RequestsPerSecond => Requests / Seconds;

    public string ToLine() => string.Join(' ', Requests, Events, Seconds.ToString("R", System.Globalization.CultureInfo.InvariantCulture), Allocated, RetainedHeap, PeakWorkingSet);

    public static Measurement Parse(string line)
    {
        var f = line.Split(' ');
        return new(long.Parse(f[0]), long.Parse(f[1]), double.Parse(f[2], System.Globalization.CultureInfo.InvariantCulture), long.Parse(f[3]), long.Parse(f[4]), long.Parse(f[5]));
    }
}
