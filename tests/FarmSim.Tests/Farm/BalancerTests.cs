using FarmSim.Engine;
using FarmSim.Farm.Balancing;
using static FarmSim.Tests.Theory;

namespace FarmSim.Tests.Farm;

/// <summary>Each balancer's choice rule, tested directly on its own outstanding counts.</summary>
public class BalancerTests
{
    private static RandomStream Stream(string name) => new(11, 0, name);

    private static long[] Count(Balancer balancer, int picks)
    {
        var counts = new long[balancer.Members];
        for (int i = 0; i < picks; i++) counts[balancer.Pick()]++;
        return counts;
    }

    [Test]
    public void Round_robin_is_plain_rotation_with_equal_weights()
    {
        var balancer = new SmoothWeightedRoundRobin([1, 1, 1]);
        var picks = Enumerable.Range(0, 7).Select(_ => balancer.Pick());
        Assert.That(picks, Is.EqualTo(new[] { 0, 1, 2, 0, 1, 2, 0 }));
    }

    [TestCase(new double[] { 2, 2, 2, 2, 2 })]
    [TestCase(new double[] { 1, 2, 3 })]
    [TestCase(new double[] { 0.5, 1, 1, 0.5, 1 })]
    public void Round_robin_follows_the_smooth_weighted_rule_step_by_step(double[] weights)
    {
        // The rule written out plainly: add each weight to its score, take the first highest score,
        // subtract the total from it. The balancer (with its equal-weight shortcut) must agree.
        var balancer = new SmoothWeightedRoundRobin(weights);
        var score = new double[weights.Length];
        for (int step = 0; step < 100; step++)
        {
            for (int i = 0; i < score.Length; i++) score[i] += weights[i];
            int best = Array.IndexOf(score, score.Max());
            score[best] -= weights.Sum();
            Assert.That(balancer.Pick(), Is.EqualTo(best), $"step {step}");
        }
    }

    [Test]
    public void Round_robin_interleaves_weights_smoothly_like_nginx()
    {
        // NGINX's documented example: weights 5, 1, 1 give a a b a c a a.
        var balancer = new SmoothWeightedRoundRobin([5, 1, 1]);
        var picks = Enumerable.Range(0, 14).Select(_ => balancer.Pick());
        Assert.That(picks, Is.EqualTo(new[] { 0, 0, 1, 0, 2, 0, 0, 0, 0, 1, 0, 2, 0, 0 }));
    }

    [Test]
    public void Round_robin_honours_weights_exactly_over_whole_cycles()
    {
        var balancer = new SmoothWeightedRoundRobin([3, 1, 2]);
        Assert.That(Count(balancer, 600), Is.EqualTo(new long[] { 300, 100, 200 }));
    }

    [Test]
    public void Random_honours_weights()
    {
        var counts = Count(new WeightedRandom([1, 2, 3, 4], Stream("weighted")), 100_000);
        AssertFrequencies(counts, [0.1, 0.2, 0.3, 0.4], "weighted random");
    }

    [Test]
    public void Random_with_equal_weights_is_uniform()
    {
        var counts = Count(new WeightedRandom([2, 2, 2, 2, 2], Stream("equal")), 100_000);
        AssertFrequencies(counts, [0.2, 0.2, 0.2, 0.2, 0.2], "equal-weight random");
    }

    [Test]
    public void Least_connections_picks_the_fewest_outstanding()
    {
        var balancer = new LeastConnectionsRandomTies(4, Stream("lc"));
        int[] load = [3, 1, 2, 5];
        for (int m = 0; m < 4; m++) for (int i = 0; i < load[m]; i++) balancer.Sent(m);
        Assert.That(Enumerable.Range(0, 100).Select(_ => balancer.Pick()), Is.All.EqualTo(1));

        balancer.Completed(2); // member 2 now also has 1 outstanding
        balancer.Completed(2);
        Assert.That(balancer.Pick(), Is.EqualTo(2), "member 2 has 0 outstanding now");
    }

    [Test]
    public void Least_connections_breaks_ties_uniformly_at_random()
    {
        // Members 1, 2 and 4 tie at the minimum; a first-minimum rule would always pick member 1.
        var balancer = new LeastConnectionsRandomTies(5, Stream("lc-ties"));
        balancer.Sent(0);
        balancer.Sent(3);
        var counts = Count(balancer, 90_000);
        Assert.That(counts[0] + counts[3], Is.Zero, "a loaded member was chosen");
        AssertFrequencies([counts[1], counts[2], counts[4]], [1 / 3.0, 1 / 3.0, 1 / 3.0], "least-connections ties");
    }

    [Test]
    public void Power_of_two_never_draws_the_same_member_twice()
    {
        // With two members and distinct draws, both are always compared: the less loaded always
        // wins. Drawing with replacement would pick the loaded one a quarter of the time.
        var two = new PowerOfTwoChoices(2, Stream("p2c-two"));
        two.Sent(0);
        Assert.That(Count(two, 10_000)[0], Is.Zero);

        // With three, the most loaded member loses every pair it is in, and the least loaded wins
        // the two pairs of three it is in.
        var three = new PowerOfTwoChoices(3, Stream("p2c-three"));
        three.Sent(1);
        three.Sent(2);
        three.Sent(2);
        var counts = Count(three, 90_000);
        Assert.That(counts[2], Is.Zero, "the most loaded member was chosen");
        AssertFrequencies([counts[0], counts[1]], [2 / 3.0, 1 / 3.0], "power of two with loads 0, 1, 2");
    }

    [Test]
    public void Power_of_two_breaks_ties_fairly()
    {
        var counts = Count(new PowerOfTwoChoices(4, Stream("p2c-ties")), 80_000);
        AssertFrequencies(counts, [0.25, 0.25, 0.25, 0.25], "power of two with equal loads");
    }

    [Test]
    public void Every_catalogued_algorithm_builds_and_picks_a_member()
    {
        foreach (string name in BalancerCatalog.Names)
        {
            var balancer = BalancerCatalog.Create(name, [1, 2, 3], Stream(name));
            Assert.That(balancer.Pick(), Is.InRange(0, 2), name);
        }
        Assert.Throws<ArgumentException>(() => BalancerCatalog.Create("least-conn", [1], Stream("x")));
    }

    [Test]
    public void Envoys_schedule_never_sends_to_a_member_out_and_follows_a_weight_back_from_zero()
    {
        // Weights 10, 1, 1 with bias 0 (weighted round robin): member 0 taken out gets nothing, the
        // others share; back in with a slow start's factor of 0 it gets nothing, then at factor 1
        // it gets its 10/12 again: the schedule is rebuilt at each change, as Envoy rebuilds it.
        var balancer = new EnvoyLeastRequest([10, 1, 1], Stream("envoy"), 2, 0);
        Assert.That(Count(balancer, 1200)[0], Is.EqualTo(1000).Within(1));
        balancer.SetHealthy(0, false);
        Assert.That(Count(balancer, 1200), Is.EqualTo(new long[] { 0, 600, 600 }).Within(1));
        balancer.SetHealthy(0, true);
        balancer.SetWeightFactor(0, 0);
        Assert.That(Count(balancer, 1200)[0], Is.Zero);
        balancer.SetWeightFactor(0, 1);
        Assert.That(Count(balancer, 1200)[0], Is.EqualTo(1000).Within(1));
    }

    [Test]
    public void HAProxys_random_draws_compare_load_per_weight()
    {
        // Two members, weights 1 and 3, member 1 holding 2 requests and member 0 holding 1: per unit
        // of weight member 1 is the lighter (2/3 < 1), so whenever both are drawn it wins.
        var balancer = new RandomDraws([1, 3], Stream("draws"), 50);
        balancer.Sent(0);
        balancer.Sent(1);
        balancer.Sent(1);
        Assert.That(Count(balancer, 1000), Is.EqualTo(new long[] { 0, 1000 }));
    }

    private static int[] Mapping(Balancer balancer, int keys)
    {
        var owners = new int[keys];
        for (int k = 0; k < keys; k++)
        {
            balancer.Key = KeyHash.Of((ulong)k);
            owners[k] = balancer.Pick();
        }
        return owners;
    }

    [Test]
    public void A_ring_moves_only_the_removed_servers_keys_about_one_in_n_and_a_map_moves_most()
    {
        // Ten servers of weight 1, 160 points each. Removing fe10 (or taking it out of rotation)
        // moves exactly the keys it held, to the next point's server, and nothing else; its share
        // is the length of its 160 arcs, 1/10 with a relative spread of about 1/√160 (8%): within
        // four of them. HAProxy's map-based hash, taken from 10 slots to 9, keeps only the keys
        // whose hash has the same remainder, about 1 in 10.
        const int keys = 100_000;
        string[] names = [.. Enumerable.Range(1, 10).Select(i => $"fe{i}")];
        var ten = Mapping(new RingHash([.. names.Select(_ => 1.0)], names, 160), keys);
        var nine = Mapping(new RingHash([.. names.Take(9).Select(_ => 1.0)], names[..9], 160), keys);
        var outOfRotation = new RingHash([.. names.Select(_ => 1.0)], names, 160);
        outOfRotation.SetHealthy(9, false);
        var skipped = Mapping(outOfRotation, keys);
        int moved = Enumerable.Range(0, keys).Count(k => ten[k] != nine[k]);
        var map10 = Mapping(new MapBasedHash([.. names.Select(_ => 1.0)]), keys);
        var map9 = Mapping(new MapBasedHash([.. names.Take(9).Select(_ => 1.0)]), keys);
        Assert.Multiple(() =>
        {
            Assert.That(Enumerable.Range(0, keys).Where(k => ten[k] != nine[k]).All(k => ten[k] == 9), "only fe10's keys move");
            Assert.That(moved / (double)keys, Is.EqualTo(0.1).Within(4 * 0.1 / Math.Sqrt(160)), "about 1/n of the keys");
            Assert.That(skipped, Is.EqualTo(nine), "a server out of rotation is passed over as if it had no points");
            Assert.That(Enumerable.Range(0, keys).Count(k => map10[k] == map9[k]) / (double)keys, Is.LessThan(0.2), "a map-based hash moves most keys");
        });
    }
}
