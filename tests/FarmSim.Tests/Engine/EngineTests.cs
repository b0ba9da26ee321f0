using FarmSim.Engine;
using FarmSim.Engine.Distributions;
using static FarmSim.Tests.Theory;

namespace FarmSim.Tests.Engine;

public class EngineTests
{
    private sealed class Recorder : IEventHandler
    {
        public readonly List<(double Time, int Kind, int Arg)> Seen = [];
        public Simulation? Simulation;
        public void Handle(int kind, int arg) => Seen.Add((Simulation!.Now, kind, arg));
    }

    [Test]
    public void Events_come_out_in_time_order_and_in_scheduling_order_at_equal_times()
    {
        var simulation = new Simulation();
        var recorder = new Recorder { Simulation = simulation };
        var random = new RandomStream(1, 0, "times");
        var expected = new List<(double, int, int)>();
        for (int i = 0; i < 5000; i++)
        {
            double time = random.Next(50); // many equal times
            simulation.ScheduleAt(time, recorder, 0, i);
            expected.Add((time, 0, i));
        }
        simulation.Run(100);
        // A stable sort by time is exactly "by time, then by scheduling order".
        Assert.That(recorder.Seen, Is.EqualTo(expected.OrderBy(e => e.Item1).ToList()));
        Assert.That(simulation.Now, Is.EqualTo(100));
    }

    private sealed class Sink : IEventHandler
    {
        public void Handle(int kind, int arg) { }
    }

    [TestCase(1, 5, false)]        // a handful pending, as in an M/M/4
    [TestCase(2, 3_000, false)]    // enough to build rungs
    [TestCase(3, 60_000, false)]   // many pending, crowded buckets split into finer rungs
    [TestCase(4, 5, true)]         // a far-future event first, then a farm filling up below it (bottom spread onto a rung)
    public void The_calendar_agrees_with_a_reference_priority_queue(int seed, int pending, bool fillingUp)
    {
        // Random interleavings of schedules and pops: exponential gaps, exact ties (times rounded to
        // a grid), bursts at the current time and far-future outliers. The reference orders by
        // (time, sequence) with .NET's PriorityQueue.
        var random = new RandomStream(seed, 0, "calendar");
        var calendar = new EventCalendar();
        var reference = new PriorityQueue<int, (double Time, int Sequence)>();
        var sink = new Sink();
        double now = 0;
        int sequence = 0;

        void Schedule(double time)
        {
            calendar.Schedule(time, sink, 0, sequence);
            reference.Enqueue(sequence, (time, sequence));
            sequence++;
        }

        double NextTime() => random.Next(10) switch
        {
            0 => now,                                               // due at once
            1 => now + 1000 * random.NextDouble(),                 // far future
            2 or 3 => Math.Round(now + random.NextDouble(), 2),    // lands on a grid: many ties
            _ => now - Math.Log(1 - random.NextDouble()) * 0.1,
        };

        if (fillingUp)
        {
            Schedule(1e6);
            Assert.That(calendar.TryPop(0, out _, out _, out _, out _), Is.False, "nothing due yet; the far event went to bottom");
        }
        for (int i = 0; i < pending; i++) Schedule(NextTime());
        for (int step = 0; step < 200_000; step++)
        {
            // Filling up: schedule twice as often as pop, so thousands pile up below the far event.
            if (reference.Count > 0 && random.Next(fillingUp ? 3 : 2) == 0)
            {
                reference.TryDequeue(out int expected, out var key);
                Assert.That(calendar.TryPop(double.PositiveInfinity, out double time, out _, out _, out int arg), Is.True);
                Assert.That((time, arg), Is.EqualTo((key.Time, expected)), $"step {step}");
                now = time;
            }
            else Schedule(NextTime());
        }
        while (reference.TryDequeue(out int expected, out var key))
        {
            Assert.That(calendar.TryPop(double.PositiveInfinity, out double time, out _, out _, out int arg), Is.True);
            Assert.That((time, arg), Is.EqualTo((key.Time, expected)));
        }
        Assert.That(calendar.Count, Is.Zero);
        Assert.That(calendar.TryPop(double.PositiveInfinity, out _, out _, out _, out _), Is.False);
    }

    [Test]
    public void Run_stops_at_the_horizon_and_keeps_later_events()
    {
        var simulation = new Simulation();
        var recorder = new Recorder { Simulation = simulation };
        simulation.Schedule(1, recorder, 1);
        simulation.Schedule(2, recorder, 2);
        simulation.Schedule(3, recorder, 3);
        simulation.Run(2);
        Assert.That(recorder.Seen.Select(s => s.Kind), Is.EqualTo(new[] { 1, 2 }));
        Assert.That(simulation.Pending, Is.EqualTo(1));
        Assert.Throws<ArgumentOutOfRangeException>(() => simulation.ScheduleAt(1, recorder, 0));
    }

    private sealed class Bouncer(Simulation simulation, RandomStream random) : IEventHandler
    {
        public void Handle(int kind, int arg) => simulation.Schedule(random.NextDouble(), this, kind, arg);
    }

    [Test]
    public void The_calendar_allocates_nothing_in_steady_state()
    {
        var simulation = new Simulation();
        var bouncer = new Bouncer(simulation, new RandomStream(1, 0, "bounce"));
        for (int i = 0; i < 1000; i++) simulation.Schedule(i * 1e-3, bouncer, 0, i);
        simulation.Run(10); // grows the calendar to its working size
        long before = GC.GetAllocatedBytesForCurrentThread();
        simulation.Run(1000);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.That(simulation.EventsProcessed, Is.GreaterThan(1_000_000));
        Assert.That(allocated, Is.Zero);
    }

    [Test]
    public void A_named_stream_is_reproducible_and_independent_of_other_names()
    {
        static ulong[] Draw(RandomStream s) => Enumerable.Range(0, 8).Select(_ => s.NextUInt64()).ToArray();
        var first = Draw(new(42, 3, "app/AppX/arrivals"));
        Assert.That(Draw(new(42, 3, "app/AppX/arrivals")), Is.EqualTo(first));
        Assert.That(Draw(new(42, 3, "app/AppX/arrivals")), Is.Not.EqualTo(Draw(new(42, 3, "app/AppY/arrivals"))));
        Assert.That(Draw(new(42, 3, "app/AppX/arrivals")), Is.Not.EqualTo(Draw(new(42, 4, "app/AppX/arrivals"))));
        Assert.That(Draw(new(42, 3, "app/AppX/arrivals")), Is.Not.EqualTo(Draw(new(43, 3, "app/AppX/arrivals"))));
    }

    [Test]
    public void Bounded_integers_are_uniform()
    {
        var stream = new RandomStream(5, 0, "ints");
        var counts = new long[7];
        for (int i = 0; i < 70_000; i++) counts[stream.Next(7)]++;
        AssertFrequencies(counts, Enumerable.Repeat(1 / 7.0, 7).ToArray(), "Next(7)");
    }

    private static readonly DistributionSpec[] Specs =
    [
        DistributionSpec.Exponential(0.08),
        DistributionSpec.Constant(0.05),
        DistributionSpec.LogNormal(0.08, 1.5),
        DistributionSpec.Gamma(0.08, 0.5),
        DistributionSpec.Erlang(0.08, 4),
        DistributionSpec.Uniform(0.02, 0.1),
    ];

    [TestCaseSource(nameof(Specs))]
    public void Samplers_have_the_requested_mean_and_variability(DistributionSpec spec)
    {
        // Means of batches of draws are close to normal; their interval must hold the requested
        // mean, and the pooled squared cv must match the spec within the interval of the batches' cv².
        var sampler = Sampler.Create(spec, new RandomStream(9, 0, spec.Kind.ToString()));
        var means = new double[40];
        var scv = new double[40];
        for (int b = 0; b < means.Length; b++)
        {
            var xs = Enumerable.Range(0, 25_000).Select(_ => sampler.Sample()).ToArray();
            means[b] = xs.Average();
            scv[b] = xs.Sum(x => (x - means[b]) * (x - means[b])) / (xs.Length - 1) / (means[b] * means[b]);
        }
        if (spec.Kind == DistributionKind.Constant)
        {
            Assert.That(means, Is.All.EqualTo(spec.Mean).Within(1e-12));
            return;
        }
        AssertAgrees(means, spec.Mean, $"{spec.Kind} mean");
        AssertAgrees(scv, spec.SquaredCv, $"{spec.Kind} squared cv");
    }

    [Test]
    public void Impossible_parameters_are_named()
    {
        Assert.That(DistributionSpec.LogNormal(0.08, 0).Problems().Select(p => p.Field), Is.EqualTo(new[] { "cv" }));
        Assert.That(DistributionSpec.Uniform(0.2, 0.1).Problems().Select(p => p.Field), Is.EqualTo(new[] { "min" }));
        Assert.That(DistributionSpec.Erlang(0.1, 0).Problems().Select(p => p.Field), Is.EqualTo(new[] { "k" }));
        Assert.That(DistributionSpec.Exponential(-1).Problems().Select(p => p.Field), Is.EqualTo(new[] { "mean" }));
        Assert.Throws<ArgumentException>(() => Sampler.Create(DistributionSpec.Gamma(1, 0), new RandomStream(1, 0, "g")));
    }
}
