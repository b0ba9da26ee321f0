using System.CommandLine;
using System.Globalization;
using FarmSim.Experiments;
using FarmSim.Reports;
using FarmSim.Reports.Sweeps;
using FarmSim.Scenarios;

namespace FarmSim.Cli;

/// <summary>
/// <c>farmsim sweep</c> (every combination of varied values) and <c>farmsim compare</c> (whole
/// scenarios side by side): the same machinery, the same outputs, the same sharding.
/// </summary>
public static class SweepCommand
{
    private sealed class Common
    {
        public Option<string?> Output { get; } = new("--out", "-o") { Description = "The results folder (default: results/<scenario name>/sweep-<timestamp>, or …/sweep-shard-k-of-N)." };
        public Option<bool> Force { get; } = new("--force") { Description = "Replace the results folder if it is an earlier one." };
        public Option<int?> Threads { get; } = ThreadsOption.Create();
        public Option<bool> Quiet { get; } = new("--quiet", "-q") { Description = "Print nothing but errors." };
        public Option<bool> NoPlots { get; } = new("--no-plots") { Description = "Write the CSVs only: no charts, no report." };
        public Option<string?> ShardOption { get; } = new("--shard")
        {
            Description = "Run only the k-th of N deterministic slices and write a part for 'farmsim merge': k/N (1-based), "
                + "or N alone, k from JOB_COMPLETION_INDEX + 1 (a Kubernetes Indexed Job) or SLURM_ARRAY_TASK_ID (a Slurm array numbered 1-N).",
        };
        public ScenarioOptions Scenario { get; } = new();

        public void AddTo(Command command)
        {
            foreach (var option in new Option[] { Output, Force, Threads, Quiet, NoPlots, ShardOption }) command.Options.Add(option);
            Scenario.AddTo(command);
        }
    }

    public static Command CreateSweep()
    {
        var file = new Argument<string>("scenario") { Description = "The scenario file (YAML) to vary." };
        var vary = new Option<string[]>("--vary")
        {
            Description = "A parameter and its values (repeatable): path=a,b,c or path=start..end:step, e.g. zones.Intranet.balancer=round-robin,random, "
                + "apps.AppX.arrival.rate=100/s..600/s:50/s, load=0.5..1.1:0.05 (scales every app's arrival rate). Without --vary, the file's sweep: section.",
            Arity = ArgumentArity.OneOrMore,
            AllowMultipleArgumentsPerToken = false,
        };
        var common = new Common();
        var command = new Command("sweep", "Run every combination of the varied values with common random numbers, and rank the alternatives.") { file, vary };
        common.AddTo(command);
        command.SetAction((parsed, cancellation) => Task.FromResult(Sweep(parsed, common, parsed.GetValue(file)!, parsed.GetValue(vary) ?? [], cancellation)));
        return command;
    }

    public static Command CreateCompare()
    {
        var files = new Argument<string[]>("scenarios") { Description = "Two or more scenario files that differ in their layout.", Arity = new ArgumentArity(2, 100) };
        var common = new Common();
        var command = new Command("compare", "Run whole scenarios (zone layouts) under the same load, with common random numbers for every app they share, and rank them.") { files };
        common.AddTo(command);
        command.SetAction((parsed, cancellation) =>
        {
            var scenarioFiles = parsed.GetValue(files)!;
            var (plan, diagnostics) = SweepPlan.Compare(scenarioFiles, common.Scenario.Overrides(parsed));
            return Task.FromResult(Execute(parsed, common, plan, diagnostics, cancellation));
        });
        return command;
    }

    private static int Sweep(ParseResult parsed, Common common, string file, string[] varyTexts, CancellationToken cancellation)
    {
        var dimensions = new List<SweepDimension>();
        bool bad = false;
        foreach (string text in varyTexts)
        {
            if (SweepDimension.Parse(text, out string problem) is { } dimension) dimensions.Add(dimension);
            else
            {
                Console.Error.WriteLine($"--vary {text}: error: {problem}");
                bad = true;
            }
        }
        if (bad) return ExitCodes.BadInput;
        if (dimensions.Count == 0)
        {
            var loaded = ScenarioOptions.Load(file, [], quiet: true);
            if (!loaded.Succeeded) return ExitCodes.BadInput;
            dimensions.AddRange(loaded.Sweep);
            if (dimensions.Count == 0)
            {
                Console.Error.WriteLine($"farmsim: nothing to vary: give --vary path=values or write a sweep: section in {file}");
                return ExitCodes.BadInput;
            }
        }
        var (plan, diagnostics) = SweepPlan.Build(file, common.Scenario.Overrides(parsed), dimensions);
        return Execute(parsed, common, plan, diagnostics, cancellation);
    }

    private static int Execute(ParseResult parsed, Common common, SweepPlan? plan, IReadOnlyList<Diagnostic> diagnostics, CancellationToken cancellation)
    {
        bool quiet = parsed.GetValue(common.Quiet);
        foreach (var d in diagnostics)
            if (!quiet || d.Severity == Severity.Error) Console.Error.WriteLine(d);
        if (plan is null) return ExitCodes.BadInput;
        if (ParseShard(parsed.GetValue(common.ShardOption), out string shardProblem) is not { } shard)
        {
            Console.Error.WriteLine($"--shard: error: {shardProblem}");
            return ExitCodes.BadInput;
        }
        if (shard.IsWhole && !parsed.GetValue(common.NoPlots) && RunCommand.FontProblem() is { } fonts)
        {
            Console.Error.WriteLine($"farmsim: {fonts} (or pass --no-plots)");
            return ExitCodes.Failure;
        }

        string name = plan.Variants[0].Scenario.Name;
        string folder = parsed.GetValue(common.Output) ?? Path.Combine("results", name, shard.IsWhole
            ? "sweep-" + DateTime.Now.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)
            : $"sweep-shard-{shard.Index}-of-{shard.Count}");
        bool force = parsed.GetValue(common.Force);
        if (ResultsFolder.Problem(folder, force) is { } problem)
        {
            Console.Error.WriteLine($"farmsim: {problem}");
            return ExitCodes.BadInput;
        }

        var variants = plan.Variants.Select(v => (v.Scenario.Farm, v.Scenario.Simulation)).ToList();
        int items = SweepRunner.Items(variants).Count;
        if (!quiet)
        {
            Console.Error.WriteLine($"Sweeping '{name}': {plan.Variants.Count} variants, {items} replications in all{(shard.IsWhole ? "" : $", this is shard {shard.Index} of {shard.Count}")}.");
            Console.Error.WriteLine("Every variant uses common random numbers (the same arrival and service-time streams), so their differences are not noise.");
        }
        try
        {
            var results = RunProgress.Show($"sweep {name}", quiet, progress =>
                SweepRunner.Run(variants, shard, parsed.GetValue(common.Threads), progress, cancellation));
            // An unstable variant stops its replication early, and the rest goes on; its figures cover only the time until it stopped.
            foreach (var (item, result) in results.Where(r => r.Value.Unstable is not null).GroupBy(r => r.Key.Variant).Select(g => g.First()).OrderBy(r => r.Key.Variant))
                Console.Error.WriteLine($"farmsim: warning: variant {string.Join(", ", plan.Dimensions.Select((d, k) => $"{d.Path}={plan.Variants[item.Variant].Values[k]}"))} is unstable (saturated): {result.Unstable!.Message}");
            ResultsFolder.Write(folder, force, into =>
            {
                SweepFiles.WritePlan(Path.Combine(into, SweepFiles.Plan), plan, FarmSimCommandLine.BuildInfo);
                var done = SweepRunner.Items(variants).Where(results.ContainsKey).Select(i => (i, results[i])).ToList();
                SweepFiles.WriteReplications(Path.Combine(into, SweepFiles.Replications), done);
                SweepFiles.WriteUnstable(Path.Combine(into, SweepFiles.Unstable), done);
                if (shard.IsWhole) SweepWriter.Write(into, plots: !parsed.GetValue(common.NoPlots));
                else SweepFiles.WriteShard(Path.Combine(into, SweepFiles.ShardFile), shard);
                cancellation.ThrowIfCancellationRequested();
            });
            if (!quiet) PrintOutcome(folder, shard);
            return ExitCodes.Success;
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine("farmsim: cancelled; no results were written.");
            return ExitCodes.Failure;
        }
    }

    private static void PrintOutcome(string folder, Shard shard)
    {
        if (!shard.IsWhole)
        {
            Console.WriteLine($"Shard {shard.Index} of {shard.Count} written to {folder}; combine all parts with: farmsim merge <parts...> --out <folder>");
            return;
        }
        var data = SweepData.Load(folder);
        foreach (var r in SweepWriter.Rank(data))
            Console.WriteLine(r.RunnerUp is null
                ? $"{r.At}: {r.Best}, p99 {r.BestP99.Value:0.0} ms"
                : $"{r.At}: best on p99 is {r.Best} ({r.BestP99.Value:0.0} ms), {r.Difference.Mean:0.0} ms [{r.Difference.Low:0.0}, {r.Difference.High:0.0}] below {r.RunnerUp}");
        Console.WriteLine($"Results: {folder}");
    }

    /// <summary>
    /// k/N, N with k from the array job's index, or nothing (the whole sweep). A Slurm array is
    /// numbered 1 to N and k is the task's own id, so that a task run again alone
    /// (<c>sbatch --array=2</c>) is still shard 2 of N.
    /// </summary>
    public static Shard? ParseShard(string? text, out string problem)
    {
        problem = "";
        if (text is null) return Shard.Whole;
        static int? Env(string name) => int.TryParse(Environment.GetEnvironmentVariable(name), out int v) ? v : null;
        int? index = null, count = null;
        string[] parts = text.Split('/');
        if (text == "auto")
        {
            // It took N from the array's size, which a task resubmitted alone changes: that task then ran the whole sweep.
            problem = "'auto' is no longer taken: it read the number of shards from the array's size, which a task run again alone (sbatch --array=2) changes; "
                + "give --shard N and number the array 1-N (sbatch --array=1-N)";
            return null;
        }
        if (parts.Length == 1 && int.TryParse(parts[0], out int n1))
        {
            count = n1;
            index = Env("JOB_COMPLETION_INDEX") is { } k ? k + 1 : Env("SLURM_ARRAY_TASK_ID");
            if (index is null)
            {
                problem = $"'{text}' gives the number of shards only, and neither JOB_COMPLETION_INDEX nor SLURM_ARRAY_TASK_ID says which this is; give k/N";
                return null;
            }
            if (index < 1 || index > n1)
            {
                problem = Env("JOB_COMPLETION_INDEX") is not null
                    ? $"JOB_COMPLETION_INDEX {index - 1} is not a shard of {n1}: the Job's completions must be {n1}"
                    : $"SLURM_ARRAY_TASK_ID {index} is not a shard of 1-{n1}: number the array 1-{n1} (sbatch --array=1-{n1})";
                return null;
            }
        }
        else if (parts.Length == 2 && int.TryParse(parts[0], out int k2) && int.TryParse(parts[1], out int n2)) (index, count) = (k2, n2);
        if (index is not { } i || count is not { } c || c < 1 || i < 1 || i > c)
        {
            problem = $"'{text}' is not a shard, expected k/N with 1 <= k <= N (e.g. 2/3), or N";
            return null;
        }
        return new Shard(i, c);
    }
}
