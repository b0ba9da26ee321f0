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

    [Test]
    public void Maglevs_table_gives_each_server_its_share_to_a_slot_and_moves_little_more_than_the_removed_servers_keys()
    {
        // Maglev's members take turns claiming slots, so with equal weights each of 100 holds ⌊M/n⌋
        // or ⌈M/n⌉ of the M = 65537 slots, and a weight of 2 takes two turns a round to another's
        // one. Removing fe100 moves all its keys and, as the table is filled again, some others:
        // Envoy documents about twice a ring's movement, so more than 1/n but under 3/n.
        const int keys = 100_000, size = Maglev.TableSize, n = 100;
        string[] names = [.. Enumerable.Range(1, n).Select(i => $"fe{i}")];
        var table = new Maglev([.. names.Select(_ => 1.0)], names, size, null);
        var weighted = new Maglev([1.0, 2.0, 1.0], names[..3], size, null);
        var all = Mapping(table, keys);
        var fewer = Mapping(new Maglev([.. names.Take(n - 1).Select(_ => 1.0)], names[..(n - 1)], size, null), keys);
        var outOfRotation = new Maglev([.. names.Select(_ => 1.0)], names, size, null);
        outOfRotation.SetHealthy(n - 1, false);
        double moved = Enumerable.Range(0, keys).Count(k => all[k] != fewer[k]) / (double)keys;
        Assert.Multiple(() =>
        {
            Assert.That(Enumerable.Range(0, n).Select(table.SlotsOf), Is.All.InRange(size / n, size / n + 1), "⌊M/n⌋ or ⌈M/n⌉ slots each");
            Assert.That(weighted.SlotsOf(1), Is.InRange(size / 2 - 1, size / 2 + 1), "a weight of 2 holds half the table");
            Assert.That(Enumerable.Range(0, keys).Where(k => all[k] == n - 1).All(k => fewer[k] != n - 1), "all fe100's keys move");
            Assert.That(moved, Is.GreaterThan(all.Count(o => o == n - 1) / (double)keys), "some others move too");
            Assert.That(moved, Is.LessThan(3.0 / n), "under three times the least possible");
            Assert.That(Mapping(outOfRotation, keys), Is.EqualTo(fewer), "a server out of rotation: the table as if it were not there");
        });
    }

    [TestCase("ring-hash")]
    [TestCase("maglev")]
    public void A_bounded_load_hash_never_gives_a_server_more_than_its_factor_of_the_average(string algorithm)
    {
        // HAProxy's hash-balance-factor 125% over 8 servers, every request with the same key (a hot
        // client). The slots are ⌈1.25 (T + 1)⌉ for T outstanding, shared out by weight, so no
        // server that takes a request holds more than ⌈⌈1.25 (T + 1)⌉ / 8⌉ after it, the bound of
        // consistent hashing with bounded loads. Without the bound, all would go to one server.
        var stream = Stream("bounded");
        string[] names = [.. Enumerable.Range(1, 8).Select(i => $"fe{i}")];
        var weights = names.Select(_ => 1.0).ToArray();
        var bounded = BalancerCatalog.Create(algorithm, weights, stream, new BalancerOptions { BalanceFactor = 1.25 }, names: names);
        var unbounded = BalancerCatalog.Create(algorithm, weights, stream, names: names);
        var held = new List<int>();
        int worst = 0;
        bounded.Key = unbounded.Key = KeyHash.Of(42);
        for (int step = 0; step < 20_000; step++)
        {
            if (held.Count > 0 && stream.NextDouble() < 0.5)
            {
                int k = stream.Next(held.Count);
                bounded.Completed(held[k]);
                held[k] = held[^1];
                held.RemoveAt(held.Count - 1);
                continue;
            }
            int total = bounded.TotalOutstanding, member = bounded.Pick();
            worst = Math.Max(worst, bounded.Outstanding(member) + 1 - (int)Math.Ceiling(Math.Ceiling(1.25 * (total + 1)) / 8));
            bounded.Sent(member);
            held.Add(member);
        }
        Assert.Multiple(() =>
        {
            Assert.That(worst, Is.LessThanOrEqualTo(0), "no server past ⌈⌈factor × (T + 1)⌉ / n⌉");
            Assert.That(Enumerable.Range(0, 8).Select(bounded.Outstanding).Sum(), Is.EqualTo(held.Count));
            Assert.That(Enumerable.Range(0, 100).Select(_ => unbounded.Pick()).Distinct().Count(), Is.EqualTo(1), "unbounded, one key goes to one server");
        });
    }

    [Test]
    public void HAProxys_leastconn_takes_an_idle_server_first_and_keys_a_busy_one_at_outstanding_plus_one_over_weight()
    {
        // fe1 (weight 1) holds 1, fe2 (weight 4) holds 5: NGINX compares 1/1 with 5/4 and takes fe1;
        // HAProxy compares (1 + 1)/1 with (5 + 1)/4 and takes fe2. An idle server keys at 0.
        static Balancer Loaded(string algorithm)
        {
            var b = BalancerCatalog.Create(algorithm, [1, 4], Stream("lc"));
            b.Sent(0);
            for (int i = 0; i < 5; i++) b.Sent(1);
            return b;
        }
        var idle = BalancerCatalog.Create("haproxy-leastconn", [1, 100], Stream("lc"));
        idle.Sent(1);
        Assert.Multiple(() =>
        {
            Assert.That(Loaded("weighted-least-connections").Pick(), Is.EqualTo(0), "NGINX: outstanding / weight");
            Assert.That(Loaded("haproxy-leastconn").Pick(), Is.EqualTo(1), "HAProxy: (outstanding + 1) / weight");
            Assert.That(idle.Pick(), Is.EqualTo(0), "an idle server before a busy one a hundred times heavier");
        });
    }

    [Test]
    public void ARRs_weighted_total_traffic_gives_each_server_its_weights_share_of_the_bytes()
    {
        // Weights 1, 2 and 3; requests of 1 KB each as sent, answers of 2 KB or 200 KB at random as
        // they come back. The server with the fewest bytes per weight takes each request, so every
        // server's bytes stay within one request and answer (201 KB per unit of weight) of its share.
        var stream = Stream("bytes");
        var balancer = new WeightedTotalTraffic([1, 2, 3]);
        for (int i = 0; i < 30_000; i++)
        {
            int member = balancer.Pick();
            balancer.Sent(member); // counts the request's 1 KB
            balancer.Completed(member);
            balancer.Transferred(member, stream.NextDouble() < 0.9 ? 2_000 : 200_000);
        }
        double[] bytes = [.. Enumerable.Range(0, 3).Select(balancer.BytesOf)];
        double total = bytes.Sum();
        // A member out for a while comes back level with the others per weight, not behind them:
        // it does not take the next requests one after another.
        balancer.SetHealthy(0, false);
        for (int i = 0; i < 3000; i++) balancer.Transferred(balancer.Pick(), 50_000);
        balancer.SetHealthy(0, true);
        var next = Enumerable.Range(0, 6).Select(_ =>
        {
            int member = balancer.Pick();
            balancer.Transferred(member, 50_000);
            return member;
        }).ToList();
        Assert.Multiple(() =>
        {
            for (int m = 0; m < 3; m++)
                Assert.That(bytes[m], Is.EqualTo(total * (m + 1) / 6).Within(201_000 * (m + 1)), $"member {m}'s bytes");
            Assert.That(next.Count(m => m == 0), Is.LessThan(6), "a returning member does not take every request");
        });
    }

    [Test]
    public void NGINXs_random_two_never_draws_the_same_server_twice_and_compares_per_weight()
    {
        // Weights 1 and 3 holding 1 and 2: per weight 1 against 2/3. Two distinct draws of two
        // servers are always both, so the heavier wins every time; HAProxy's random(2), which may
        // draw fe1 twice (with chance 1/16), sometimes sends to fe1.
        var two = new NginxRandomTwo([1, 3], Stream("two"));
        var draws = new RandomDraws([1, 3], Stream("two"), 2);
        foreach (var b in new Balancer[] { two, draws })
        {
            b.Sent(0);
            b.Sent(1);
            b.Sent(1);
        }
        Assert.Multiple(() =>
        {
            Assert.That(Count(two, 1000), Is.EqualTo(new long[] { 0, 1000 }));
            Assert.That(Count(draws, 1000)[0], Is.GreaterThan(0), "with replacement, fe1 is drawn twice now and then");
        });
    }
}
