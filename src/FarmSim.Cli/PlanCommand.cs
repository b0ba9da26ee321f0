using System.CommandLine;
using System.Globalization;
using FarmSim.Experiments.Planning;
using FarmSim.Farm.Metrics;
using FarmSim.Reports;
using FarmSim.Reports.Planning;
using FarmSim.Scenarios;

namespace FarmSim.Cli;

/// <summary>
/// <c>farmsim plan</c>: the fewest front-ends or workers that meet the service levels, or the most
/// load the farm sustains within them. The last line of output is the finding: <c>answer: …</c>.
/// </summary>
public static class PlanCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("scenario") { Description = "The scenario file (YAML); its slo: section and --slo give the objectives." };
        var find = new Option<string>("--find") { Description = "What to find: servers, headroom, workers or users (the most users, or session rate, the objectives allow).", Required = true };
        find.AcceptOnlyFromAmong("servers", "headroom", "workers", "users");
        var zones = new Option<string[]>("--zone") { Description = "With --find servers: the zone(s) that get copies of the template (default: Global).", AllowMultipleArgumentsPerToken = false };
        var template = new Option<string?>("--template") { Description = "With --find servers: the server to copy (default: the first server of the first --zone)." };
        var slos = new Option<string[]>("--slo") { Description = "An objective (repeatable), e.g. \"AppX.p95 <= 300ms\", \"farm.rejected <= 0.1%\", \"server.utilization <= 75%\".", AllowMultipleArgumentsPerToken = false };
        var maxReplications = new Option<int>("--max-replications") { Description = "The most replications one candidate may get while its objectives are undecided.", DefaultValueFactory = _ => 40 };
        var output = new Option<string?>("--out", "-o") { Description = "The results folder (default: results/<scenario name>/plan-<find>-<timestamp>)." };
        var force = new Option<bool>("--force") { Description = "Replace the results folder if it is an earlier one." };
        var threads = ThreadsOption.Create();
        var quiet = new Option<bool>("--quiet", "-q") { Description = "Print only the finding." };
        var noPlots = new Option<bool>("--no-plots") { Description = "Write plan.csv only." };
        var survive = new Option<int>("--survive") { Description = "N+1: with 1, a candidate passes only if the objectives hold with any one server of the planned zones down for the whole run; the worst loss is named.", DefaultValueFactory = _ => 0 };
        var during = new Option<string?>("--during") { Description = "With publish: a candidate passes only if the objectives hold through a rolling publish of each planned zone (the scenario's own publish of it if it has one, else one server at a time) during the measured period." };
        during.AcceptOnlyFromAmong("publish");
        var scenarioOptions = new ScenarioOptions();
        var command = new Command("plan", "Find the fewest servers or workers that meet the service levels, the headroom over today's load, or the most users.")
        {
            file, find, zones, template, slos, maxReplications, survive, during, output, force, threads, quiet, noPlots,
        };
        scenarioOptions.AddTo(command);
        command.SetAction((parsed, cancellation) =>
        {
            bool isQuiet = parsed.GetValue(quiet);
            var loaded = ScenarioOptions.Load(parsed.GetValue(file)!, scenarioOptions.Overrides(parsed), isQuiet);
            if (loaded.Scenario is not { } scenario) return Task.FromResult(ExitCodes.BadInput);

            var levels = new List<ServiceLevel>(loaded.ServiceLevels);
            foreach (string text in parsed.GetValue(slos) ?? [])
            {
                if (ServiceLevels.Parse(text, scenario.Farm, out string problem) is { } level) levels.Add(level);
                else
                {
                    Console.Error.WriteLine($"--slo {text}: error: {problem}");
                    return Task.FromResult(ExitCodes.BadInput);
                }
            }
            if (levels.Count == 0)
            {
                Console.Error.WriteLine("farmsim: no objectives: give --slo \"AppX.p95 <= 300ms\" or write an slo: section in the scenario");
                return Task.FromResult(ExitCodes.BadInput);
            }
            string goal = parsed.GetValue(find)!;
            if (goal == "users" && scenario.Farm.Apps.All(a => a.Users is null && a.Sessions is null))
            {
                Console.Error.WriteLine("farmsim: --find users needs an app with users: (a closed population) or sessions:; this scenario's users arrive as open streams (try --find headroom)");
                return Task.FromResult(ExitCodes.BadInput);
            }
            var zoneNames = parsed.GetValue(zones) is { Length: > 0 } z ? z.ToList() : [Farm.Topology.ZoneSpec.Global];
            foreach (string zone in zoneNames.Where(zn => scenario.Farm.Zones.All(s => s.Name != zn)))
            {
                Console.Error.WriteLine($"--zone {zone}: error: no such zone, expected one of {string.Join(", ", scenario.Farm.Zones.Select(s => s.Name))}");
                return Task.FromResult(ExitCodes.BadInput);
            }
            var firstZone = scenario.Farm.Zones.First(s => s.Name == zoneNames[0]);
            string templateName = parsed.GetValue(template) ?? scenario.Farm.MembersOf(firstZone)[0];
            if (scenario.Farm.Servers.All(s => s.Name != templateName))
            {
                Console.Error.WriteLine($"--template {templateName}: error: no such server");
                return Task.FromResult(ExitCodes.BadInput);
            }
            if (parsed.GetValue(survive) is not (0 or 1))
            {
                Console.Error.WriteLine($"--survive {parsed.GetValue(survive)}: error: expected 0 or 1 (N+1: any one server down); the loss of two or more at once is not planned for");
                return Task.FromResult(ExitCodes.BadInput);
            }
            var conditions = new PlanConditions(parsed.GetValue(survive) == 1, parsed.GetValue(during) == "publish");
            if (parsed.GetValue(maxReplications) < 2)
            {
                Console.Error.WriteLine("farmsim: --max-replications must be 2 or more (an interval needs two)");
                return Task.FromResult(ExitCodes.BadInput);
            }

            string folder = parsed.GetValue(output) ?? Path.Combine("results", scenario.Name, $"plan-{goal}-{DateTime.Now.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}");
            bool replace = parsed.GetValue(force);
            if (ResultsFolder.Problem(folder, replace) is { } folderProblem)
            {
                Console.Error.WriteLine($"farmsim: {folderProblem}");
                return Task.FromResult(ExitCodes.BadInput);
            }
            bool plots = !parsed.GetValue(noPlots);
            if (plots && RunCommand.FontProblem() is { } fonts)
            {
                Console.Error.WriteLine($"farmsim: {fonts} (or pass --no-plots)");
                return Task.FromResult(ExitCodes.Failure);
            }

            try
            {
                var planner = new Planner(scenario, levels, parsed.GetValue(maxReplications), parsed.GetValue(threads),
                    isQuiet ? null : line => Console.WriteLine(line), cancellation, conditions);
                var plan = goal switch
                {
                    "servers" => planner.FindServers(zoneNames, templateName),
                    "workers" => planner.FindWorkers(),
                    "users" => planner.FindUsers(),
                    _ => planner.FindHeadroom(),
                };
                ResultsFolder.Write(folder, replace, into =>
                {
                    PlanWriter.Write(into, scenario, plan, plots);
                    cancellation.ThrowIfCancellationRequested();
                });
                if (!isQuiet)
                {
                    string model = goal == "users" ? "MVA" : "M/M/c";
                    Console.WriteLine(plan.Analytic.Count > 0
                        ? $"{model} estimate: {string.Join(", ", plan.Analytic.Select(a => $"{a.Parameter} = {PlanResult.Format(a.Value)}"))}. Results: {folder}"
                        : $"{model} estimate: {(goal == "users" ? "none (it takes one closed population with plain service times)" : "no size meets the objectives")}. Results: {folder}");
                    if (plan.Chosen is { Condition.Length: > 0 } worst)
                        Console.WriteLine($"worst at the answer: {worst.Condition} ({(worst.Worst is { } w ? $"{w.Level.Text} on {w.Entity}: {w.Row.Value:0.###}" : "every objective met")})");
                    if (plan.Answer.Count > 0 && plan.FirstToBreak is { } breaks)
                        Console.WriteLine($"first to break: {breaks.Level.Text} on {breaks.Entity}");
                }
                // The finding is the last line; when there is none, the reason comes just before it.
                if (plan.Answer.Count == 0) Console.WriteLine(plan.WhyNone);
                Console.WriteLine(plan.AnswerLine);
                return Task.FromResult(ExitCodes.Success);
            }
            catch (OperationCanceledException)
            {
                Console.Error.WriteLine("farmsim: cancelled; no results were written.");
                return Task.FromResult(ExitCodes.Failure);
            }
        });
        return command;
    }
}
