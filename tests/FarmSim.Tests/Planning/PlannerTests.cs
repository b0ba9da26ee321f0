using FarmSim.Cli;
using FarmSim.Experiments.Planning;
using FarmSim.Farm.Metrics;
using FarmSim.Scenarios;

namespace FarmSim.Tests.Planning;

public class PlannerTests
{
    private static (FarmSim.Farm.Topology.Scenario Scenario, IReadOnlyList<ServiceLevel> Levels) Load(string yaml)
    {
        var loaded = ScenarioLoader.Load(yaml);
        Assert.That(loaded.Errors, Is.Empty);
        return (loaded.Scenario!, loaded.ServiceLevels);
    }

    /// <summary>
    /// The answer is theory's exactly, or one <paramref name="step"/> beyond only where theory's own
    /// candidate had the target inside its interval (a target inside the interval is not met).
    /// </summary>
    private static void AssertAnswer(PlanResult plan, int theory, int step, string model)
    {
        double answer = plan.Answer.Single().Value;
        bool withinNoise = plan.Candidates.Any(x => x.Value == theory && x.Verdicts.Any(v => v.Decision == Decision.WithinNoise));
        Assert.That(answer == theory || (answer == theory + step && withinNoise), Is.True,
            $"{model} says {theory}, the plan {answer}; candidates: {string.Join("; ", plan.Candidates.Select(x => $"{x.Value}: {x.Worst?.Row.Value:0.###} ({x.Worst?.Decision})"))}");
    }

    [Test]
    public void The_most_users_are_the_largest_N_the_machine_repairman_model_allows()
    {
        // One worker of rate 20/s, exponential think of 1 s: M/M/1//N, whose mean response time
        // N/X − Z with X = μ(1 − P₀) grows with N. The objective's limit is where it passes 200 ms.
        var (scenario, levels) = Load("""
            name: repairman
            simulation: { duration: 600s, warmup: 60s, replications: 10, seed: 7 }
            servers: [ { name: fe1, workers: 1, queue_limit: unlimited } ]
            apps: [ { name: App, users: { count: 10, think: { distribution: exponential, mean: 1s } }, service: { distribution: exponential, mean: 50ms } } ]
            slo: [ "App.mean <= 200ms" ]
            """);
        double Response(int users)
        {
            double term = 1, sum = 1; // P_n / P_0 = N!/(N − n)! (λ/μ)^n with λ = 1/Z, μ = 20
            for (int n = 1; n <= users; n++) sum += term *= (users - n + 1) / 20.0;
            return users / (20 * (1 - 1 / sum)) - 1;
        }
        int most = 1;
        while (Response(most + 1) <= 0.2) most++;

        var plan = new Planner(scenario, levels, maxReplications: 40).FindUsers();
        AssertAnswer(plan, most, -1, "M/M/1//N");
        Assert.That(plan.Analytic.Single(), Is.EqualTo(("users.App", (double)most)), "exact MVA on one worker is the repairman model itself");
    }

    [TestCase(400, 2.0)]    // a = 4: Erlang C gives 5.5 ms with c = 5, 1.4 ms with c = 6
    [TestCase(700, 0.5)]    // a = 7: the smallest c below 0.5 ms mean wait
    public void Planned_workers_are_the_smallest_c_that_Erlang_C_says_meets_the_wait_target(double rate, double targetMs)
    {
        var (scenario, levels) = Load($"""
            name: mmc
            simulation: {"{"} duration: 300s, warmup: 30s, replications: 10, seed: 5 {"}"}
            servers: [ {"{"} name: fe1, workers: 1, queue_limit: unlimited {"}"} ]
            apps: [ {"{"} name: App, arrival: {"{"} rate: {rate}/s {"}"}, service: {"{"} distribution: exponential, mean: 10ms {"}"} {"}"} ]
            slo: [ "App.wait <= {targetMs}ms" ]
            """);
        double mu = 100, a = rate / mu;
        int c = (int)Math.Floor(a) + 1;
        while (Theory.ErlangC(c, a) / (c * mu - rate) * 1000 > targetMs) c++;

        var plan = new Planner(scenario, levels, maxReplications: 40).FindWorkers();
        AssertAnswer(plan, c, +1, "Erlang C");
        Assert.That(plan.Analytic.Single().Value, Is.EqualTo(c), "the M/M/c first guess is Erlang C itself");
    }

    [Test]
    public void Headroom_on_one_MM1_server_matches_the_utilisation_bound()
    {
        // rho = 0.5 today; utilisation <= 80% holds up to 1.6 times today's load.
        var (scenario, levels) = Load("""
            name: mm1
            simulation: { duration: 200s, warmup: 20s, replications: 10, seed: 5 }
            servers: [ { name: fe1, workers: 1, queue_limit: unlimited } ]
            apps: [ { name: App, arrival: { rate: 50/s }, service: { distribution: exponential, mean: 10ms } } ]
            slo: [ "server.utilization <= 80%" ]
            """);
        var plan = new Planner(scenario, levels, maxReplications: 40).FindHeadroom();
        double answer = plan.Answer.Single().Value, bound = 0.8 / 0.5;
        // The far end of the interval must be within 80%, so the answer sits about a half-width below
        // the bound (in load: half-width / 0.5); a second half-width covers the estimate's own error,
        // then the search's 1% resolution and the rounding down to hundredths. Above the bound only
        // that rounding can take it.
        var utilization = plan.Chosen!.Verdicts.Single().Row;
        double below = 2 * utilization.HalfWidth / 0.5 + 0.01 * bound + 0.01;
        Assert.That(answer, Is.InRange(bound - below, bound + 0.01), $"{below:0.###} below the bound allowed");
        Assert.That(plan.Analytic.Single().Value, Is.EqualTo(1.59).Within(0.011), "M/M/1 gives the bound (rounded down)");
        Assert.That(plan.FirstToBreak!.Level.Text, Is.EqualTo("server.utilization <= 80%"));
    }

    [Test]
    public void The_fewest_servers_come_from_copies_of_the_template()
    {
        // 300 requests/s of 10 ms: 3 busy workers. One 4-worker server is 75% busy; two are 37.5%.
        var (scenario, levels) = Load("""
            name: web
            simulation: { duration: 100s, warmup: 10s, replications: 5, seed: 2 }
            servers: [ { name: fe1, workers: 4, queue_limit: unlimited } ]
            zones: [ { name: Web, servers: [fe1], balancer: least-connections } ]
            apps: [ { name: Shop, zone: Web, arrival: { rate: 300/s }, service: { distribution: exponential, mean: 10ms } } ]
            slo: [ "zone.Web.utilization <= 50%" ]
            """);
        var plan = new Planner(scenario, levels, maxReplications: 20).FindServers(["Web"], "fe1");
        Assert.That(plan.AnswerLine, Is.EqualTo("answer: servers.Web = 2"));
        Assert.That(plan.Chosen!.Farm.Servers.Select(s => s.Name), Is.EqualTo(new[] { "fe1", "fe1+Web1" }));
    }

    [Test]
    public void Surviving_one_loss_takes_the_servers_theory_needs_with_one_of_them_down()
    {
        // Random balancing over M/M/1 servers (μ = 10/s) at λ = 30/s: k servers give a mean response
        // of 1/(μ − λ/k), 250 ms with 5 and 400 ms with 4 against a 300-ms objective. Plain, 5 do;
        // with any one down for the run (its checks take it out in the warm-up) 6 are needed. The
        // servers are alike, so losing any of them is one variant, named after the first.
        var (scenario, levels) = Load("""
            name: n-plus-one
            simulation: { duration: 2000s, warmup: 60s, replications: 5, seed: 3 }
            servers: [ { name: fe1, workers: 1, queue_limit: unlimited } ]
            zones: [ { name: Web, servers: [fe1], balancer: random } ]
            apps: [ { name: Shop, zone: Web, arrival: { rate: 30/s }, service: { distribution: exponential, mean: 100ms } } ]
            slo: [ "Shop.mean <= 300ms" ]
            """);
        var plain = new Planner(scenario, levels, maxReplications: 20).FindServers(["Web"], "fe1");
        var surviving = new Planner(scenario, levels, maxReplications: 20, conditions: new PlanConditions(true, false)).FindServers(["Web"], "fe1");
        Assert.Multiple(() =>
        {
            Assert.That(plain.AnswerLine, Is.EqualTo("answer: servers.Web = 5"));
            Assert.That(surviving.AnswerLine, Is.EqualTo("answer: servers.Web = 6"));
            Assert.That(surviving.Chosen!.Condition, Is.EqualTo("fe1 down"));
            Assert.That(surviving.Candidates.Select(c => c.Condition).Distinct(), Is.EqualTo(new[] { "fe1 down" }), "alike servers are one loss");
        });
    }

    [Test]
    public void Through_its_own_all_at_once_publish_no_number_of_servers_keeps_refusals_down()
    {
        // The scenario publishes its zone all at once (20 s of every pool restarting): about 20 s of
        // the 300-s measured period is refused whatever the size, far above 1%. Through a rolling
        // publish instead (the planner's own when the scenario has none) one server suffices.
        string Yaml(string events) => $$"""
            name: publish-plan
            simulation: { duration: 300s, warmup: 30s, replications: 3, seed: 5 }
            servers: [ { name: fe1, workers: 20 } ]
            zones: [ { name: Web, servers: [fe1], balancer: round-robin } ]
            apps: [ { name: Shop, zone: Web, arrival: { rate: 50/s }, service: { distribution: exponential, mean: 50ms } } ]
            slo: [ "farm.rejected <= 1%" ]
            {{events}}
            """;
        var during = new PlanConditions(false, true);
        var (allAtOnce, levels) = Load(Yaml("events: [ { at: 100s, zone: Web, action: publish, restart: 20s } ]"));
        var none = new Planner(allAtOnce, levels, maxReplications: 4, conditions: during).FindServers(["Web"], "fe1");
        var (plain, _) = Load(Yaml(""));
        var rolling = new Planner(plain, levels, maxReplications: 4, conditions: during).FindServers(["Web"], "fe1");
        Assert.Multiple(() =>
        {
            Assert.That(none.AnswerLine, Is.EqualTo("answer: none"));
            Assert.That(none.Candidates.Select(c => c.Condition), Has.All.EqualTo("publish of Web"));
            Assert.That(rolling.AnswerLine, Is.EqualTo("answer: servers.Web = 2"), "a rolling publish needs a second server to drain to");
        });
    }

    [Test]
    public async Task An_unreachable_target_gives_the_reason_then_answer_none_and_exit_0()
    {
        string work = Directory.CreateTempSubdirectory("farmsim-plan-").FullName;
        try
        {
            string scenario = Path.Combine(work, "s.yaml");
            File.WriteAllText(scenario, """
                name: slow
                simulation: { duration: 20s, replications: 3, seed: 1 }
                servers: [ { name: fe1, workers: 2 } ]
                apps: [ { name: App, arrival: { rate: 10/s }, service: { distribution: constant, value: 50ms } } ]
                """);
            var output = new StringWriter();
            var original = Console.Out;
            Console.SetOut(output);
            int code;
            try
            {
                code = await FarmSimCommandLine.RunAsync(["plan", scenario, "--find", "workers", "--slo", "App.p99 <= 10ms", "--out", Path.Combine(work, "plan"), "--no-plots"]);
            }
            finally
            {
                Console.SetOut(original);
            }
            var lines = output.ToString().TrimEnd().Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
            Assert.That(code, Is.Zero);
            Assert.That(lines[^1], Is.EqualTo("answer: none"));
            Assert.That(lines[^2], Does.Contain("misses App.p99 <= 10ms").And.Contain("only faster service can"));
            Assert.That(File.ReadAllLines(Path.Combine(work, "plan", "plan.csv")).Length, Is.GreaterThan(1), "every candidate is recorded");
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    [Test]
    public void MMc_formulas_agree_with_the_closed_forms()
    {
        var mm1 = new MMc(80, 100, 1);
        Assert.That(mm1.ResponsePercentile(95), Is.EqualTo(-Math.Log(0.05) / 20).Within(1e-9), "M/M/1 response time is exponential at rate mu - lambda");
        Assert.That(mm1.MeanResponse, Is.EqualTo(1 / 20.0).Within(1e-12));
        // M/M/2 by hand: pi0 = (1 - rho) / (1 + rho), P(wait) = 2 rho^2 / (1 + rho).
        var mm2 = new MMc(150, 100, 2);
        Assert.That(mm2.ProbabilityOfWaiting, Is.EqualTo(2 * 0.75 * 0.75 / 1.75).Within(1e-12));
    }

    [TestCase(2, 0.9)]
    [TestCase(8, 0.9)]
    [TestCase(8, 0.5)]
    [TestCase(3, 2.0 / 3)]       // theta = c mu - lambda equals mu: the tail's other branch
    public void The_MMc_response_tail_integrates_to_the_mean_response(int c, double rho)
    {
        // E[T] = integral of P(T > t): the tail formula must agree with Erlang C's mean, computed apart.
        var model = new MMc(rho * c * 100, 100, c);
        double integral = MathNet.Numerics.Integrate.OnClosedInterval(model.ResponseTail, 0, 60 / (c * 100 - model.Lambda) + 60 / 100.0, 1e-10);
        Assert.That(integral, Is.EqualTo(model.MeanResponse).Within(1e-6 * model.MeanResponse));
    }

    [Test]
    public void Headroom_when_today_already_misses_is_none_with_its_reason()
    {
        var (scenario, levels) = Load("""
            name: hopeless
            simulation: { duration: 20s, replications: 3, seed: 5 }
            servers: [ { name: fe1, workers: 2, queue_limit: unlimited } ]
            apps: [ { name: App, arrival: { rate: 50/s }, service: { distribution: constant, value: 10ms } } ]
            slo: [ "App.p99 <= 1ms" ]
            """);
        var plan = new Planner(scenario, levels, maxReplications: 4).FindHeadroom();
        Assert.That(plan.AnswerLine, Is.EqualTo("answer: none"));
        Assert.That(plan.WhyNone, Does.Contain("1% of today's load"));
        Assert.That(plan.Candidates.Min(c => c.Value), Is.GreaterThan(0));
    }

    [Test]
    public void Several_zones_are_sized_each_with_the_others_at_their_estimates()
    {
        // Two zones of one 4-worker server; each zone's app keeps 3 workers busy; each zone must stay under 50%.
        var (scenario, levels) = Load("""
            name: two
            simulation: { duration: 60s, warmup: 5s, replications: 4, seed: 2 }
            servers: [ { name: w1, workers: 4, queue_limit: unlimited }, { name: a1, workers: 4, queue_limit: unlimited } ]
            zones: [ { name: Web, servers: [w1] }, { name: Api, servers: [a1] } ]
            apps:
              - { name: Shop, zone: Web, arrival: { rate: 300/s }, service: { distribution: exponential, mean: 10ms } }
              - { name: Orders, zone: Api, arrival: { rate: 300/s }, service: { distribution: exponential, mean: 10ms } }
            slo: [ "zone.Web.utilization <= 50%", "zone.Api.utilization <= 50%" ]
            """);
        var plan = new Planner(scenario, levels, maxReplications: 8).FindServers(["Web", "Api"], "w1");
        Assert.That(plan.AnswerLine, Is.EqualTo("answer: servers.Web = 2, servers.Api = 2"));
    }

    [Test]
    public void An_unstable_candidate_is_a_miss_and_the_search_goes_on()
    {
        // 100/s of 50 ms on one server of workers to find, its queue without limit: with 4 workers
        // (80/s) the queue grows to the bound and the replication stops (5 is critical: it may or may not); from 6 on it is
        // stable and its p95 holds. The first candidates are unstable misses, never answers.
        var (scenario, levels) = Load("""
            name: unstable
            simulation: { duration: 10m, replications: 2, seed: 5, max_in_flight: 2000 }
            servers: [ { name: fe1, workers: 2, queue_limit: unlimited } ]
            apps: [ { name: App, arrival: { rate: 100/s }, service: { distribution: exponential, mean: 50ms } } ]
            slo: [ "App.p95 <= 1s" ]
            """);
        var plan = new Planner(scenario, levels, maxReplications: 4).FindWorkers();
        Assert.Multiple(() =>
        {
            Assert.That(plan.Candidates.Where(c => c.Value <= 4).Select(c => c.Unstable), Has.All.Not.Null, "below 100/s of capacity the queue grows without end");
            Assert.That(plan.Candidates.Count(c => c.Unstable is not null), Is.GreaterThan(0), "the search met an unstable candidate");
            Assert.That(plan.Candidates.Where(c => c.Unstable is not null).Select(c => c.Met), Has.All.False);
            Assert.That(plan.Answer.Single().Value, Is.GreaterThanOrEqualTo(6));
        });
    }

    [Test]
    public void When_no_number_of_workers_is_stable_the_plan_says_so_rather_than_fail()
    {
        // 100/s of 50 ms of CPU on one core (5 cores' worth): more workers only queue on the CPU.
        var (scenario, levels) = Load("""
            name: cpu-bound
            simulation: { duration: 10m, replications: 2, seed: 5, max_in_flight: 2000 }
            servers: [ { name: fe1, workers: 2, queue_limit: unlimited, cores: 1 } ]
            apps: [ { name: App, arrival: { rate: 100/s }, classes: [ { name: Work, share: 100%, cpu: 50ms } ] } ]
            slo: [ "app.p95 <= 1s" ]
            """);
        var plan = new Planner(scenario, levels, maxReplications: 2).FindWorkers();
        Assert.Multiple(() =>
        {
            Assert.That(plan.Answer, Is.Empty);
            Assert.That(plan.Candidates.Select(c => c.Unstable), Has.All.Not.Null);
            Assert.That(plan.WhyNone, Does.Contain("the largest tried is unstable"));
        });
    }
}
