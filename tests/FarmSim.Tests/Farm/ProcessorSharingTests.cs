using FarmSim.Farm.Runtime;

namespace FarmSim.Tests.Farm;

public class ProcessorSharingTests
{
    /// <summary>Runs the CPU alone: requests arrive at the given times with their demands; returns each one's finishing time.</summary>
    private static Dictionary<int, double> Finish(int cores, double speed, params (double At, double Work)[] requests)
    {
        var cpu = new ProcessorSharing(cores, speed);
        var finished = new Dictionary<int, double>();
        int next = 0;
        double now = 0;
        while (finished.Count < requests.Length)
        {
            double completion = cpu.NextCompletion(now);
            if (next < requests.Length && requests[next].At <= completion)
            {
                now = requests[next].At;
                cpu.Add(next, requests[next].Work, now);
                next++;
            }
            else
            {
                now = completion;
                finished[cpu.RemoveNext(now)] = now;
            }
        }
        return finished;
    }

    [TestCase(1)]
    [TestCase(5)]
    [TestCase(40)]
    public void N_identical_requests_on_one_core_finish_together_at_N_times_the_demand(int n)
    {
        var finished = Finish(1, 1, Enumerable.Repeat((0.0, 0.2), n).ToArray());
        Assert.That(finished.Values, Has.All.EqualTo(n * 0.2).Within(1e-9));
    }

    [Test]
    public void More_cores_than_requests_serve_each_at_full_speed()
    {
        var finished = Finish(4, 2, (0, 1), (0, 1), (0, 3));
        Assert.That(finished[0], Is.EqualTo(0.5).Within(1e-12), "speed 2 halves the time");
        Assert.That(finished[2], Is.EqualTo(1.5).Within(1e-12));
    }

    [Test]
    public void A_short_request_leaves_first_and_the_long_one_speeds_up()
    {
        // One core: A (work 2) alone from 0 to 1 does 1; B (work 0.5) joins; both at rate 1/2:
        // B needs 1 more second (finishes at 2), A has done 1.5 by then; alone again, it finishes at 2.5.
        var finished = Finish(1, 1, (0, 2), (1, 0.5));
        Assert.That(finished[1], Is.EqualTo(2).Within(1e-12));
        Assert.That(finished[0], Is.EqualTo(2.5).Within(1e-12));
    }

    [Test]
    public void Work_is_conserved_on_a_busy_core()
    {
        // While requests are present the core never idles: the last finishes at the total work.
        var random = new FarmSim.Engine.RandomStream(3, 0, "ps");
        var requests = Enumerable.Range(0, 200).Select(_ => (0.0, 0.01 + random.NextDouble())).ToArray();
        var finished = Finish(1, 1, requests);
        Assert.That(finished.Values.Max(), Is.EqualTo(requests.Sum(r => r.Item2)).Within(1e-9));
    }
}
