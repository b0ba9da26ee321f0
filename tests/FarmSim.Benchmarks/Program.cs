using System.Diagnostics;
using FarmSim.Engine.Distributions;
using FarmSim.Farm.Metrics;
using FarmSim.Farm.Runtime;
using FarmSim.Farm.Topology;

// FarmSim's speed benchmark: one replication on one core per case. Run by hand:
//   dotnet run -c Release --project tests/FarmSim.Benchmarks
// Each case runs at a duration T and at 10T: the difference in allocations is the steady state's
// (pools and histograms are set up once), and the process's peak working set must not grow.

var cases = new (string Name, FarmSpec Farm, double Duration)[]
{
    ("M/M/4 at rho 0.9", MM4(), 1_500),
    ("100 servers, 10 zones, rho 0.8", HundredServers(), 150),
    ("100,000 requests in flight", InFlight(), 12),
};

Console.WriteLine($"FarmSim benchmark, .NET {Environment.Version}, {Environment.ProcessorCount} cores, one replication on one thread per line");
Console.WriteLine();
Console.WriteLine($"{"case",-32} {"duration",9} {"requests",12} {"events/s",12} {"requests/s",12} {"ns/event",9} {"alloc MB",9} {"peak MB",8}");

double baseline = PlainLoopRequestsPerSecond();
var perEvent = new Dictionary<string, double>();
var steadyBytes = new Dictionary<string, double>();
foreach (var (name, farm, duration) in cases)
{
    Measure(farm, duration / 20); // warm the JIT up
    var small = Measure(farm, duration);
    var large = Measure(farm, duration * 10);
    Print(name, duration, small);
    Print(name, duration * 10, large);
    perEvent[name] = large.NanosecondsPerEvent;
    steadyBytes[name] = (large.Allocated - small.Allocated) / (double)(large.Requests - small.Requests);
}

Console.WriteLine();
Console.WriteLine($"Baseline, a plain C# M/M/4 loop on PriorityQueue<T>: {baseline / 1e6:F2} M requests/s");
foreach (var (name, _, _) in cases)
    Console.WriteLine($"{name}: {steadyBytes[name]:F3} bytes allocated per request in steady state (between T and 10T)");
Console.WriteLine($"Per-event cost with 100,000 in flight: {perEvent[cases[2].Name] / perEvent[cases[0].Name]:F2} x the M/M/4 per-event cost");

static void Print(string name, double duration, Measurement m) =>
    Console.WriteLine($"{name,-32} {duration,8}s {m.Requests,12:N0} {m.Events / m.Seconds / 1e6,10:F2} M {m.Requests / m.Seconds / 1e6,10:F2} M {m.NanosecondsPerEvent,9:F1} {m.Allocated / 1e6,9:F1} {m.PeakWorkingSet / 1e6,8:F0}");

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
    using var process = Process.GetCurrentProcess();
    return new Measurement(requests, result.EventsProcessed, seconds, allocated, process.PeakWorkingSet64);
}

// One server, 4 workers, exponential service of 10 ms, 360 requests/s: rho = 0.9.
static FarmSpec MM4() => new(new ProxySpec("bench"), [new FrontEndSpec("fe1", 4, null)],
    [new ZoneSpec("Global", null, [], "round-robin")],
    [new AppSpec("App", "/App", "Global", 360, DistributionSpec.Exponential(0.010))]);

// 100 servers of 4 workers in 10 zones of 12: each zone has its own 10 servers and borrows two of
// the next zone's, so 20 servers are shared by two zones. Shared servers weigh 0.5, which gives
// every server the same share under weighted algorithms. Two apps per zone, 50 ms lognormal
// service (cv 1), 6,400 requests/s in all: rho = 0.8. The zones use all four algorithms.
static FarmSpec HundredServers()
{
    string[] algorithms = ["round-robin", "random", "least-connections", "power-of-two-choices"];
    var servers = Enumerable.Range(0, 100).Select(i => new FrontEndSpec($"fe{i}", 4, null, Weight: i % 10 < 2 ? 0.5 : 1)).ToList();
    var zones = Enumerable.Range(0, 10).Select(z => new ZoneSpec($"Z{z}", null,
        Enumerable.Range(10 * z, 10).Concat([10 * ((z + 1) % 10), 10 * ((z + 1) % 10) + 1]).Select(i => $"fe{i}").ToList(),
        algorithms[z % 4])).ToList();
    var apps = Enumerable.Range(0, 20).Select(a => new AppSpec($"App{a}", $"/App{a}", $"Z{a / 2}", 320, DistributionSpec.LogNormal(0.050, 1))).ToList();
    return new FarmSpec(new ProxySpec("bench"), servers, zones, apps);
}

// 100 servers of 1,250 workers, 1 s exponential service, 100,000 requests/s: rho = 0.8, so about
// 100,000 requests are in service at once, each with a completion event in the calendar.
static FarmSpec InFlight() => new(new ProxySpec("bench"),
    Enumerable.Range(0, 100).Select(i => new FrontEndSpec($"fe{i}", 1250, null)).ToList(),
    [new ZoneSpec("Global", null, [], "round-robin")],
    [new AppSpec("App", "/App", "Global", 100_000, DistributionSpec.Exponential(1))]);

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

internal readonly record struct Measurement(long Requests, long Events, double Seconds, long Allocated, long PeakWorkingSet)
{
    public double NanosecondsPerEvent => Seconds * 1e9 / Events;
}
