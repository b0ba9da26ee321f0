using System.CommandLine;
using FarmSim.Reports;
using FarmSim.Reports.Sweeps;

namespace FarmSim.Cli;

/// <summary><c>farmsim merge</c>: the parts of a sharded sweep into the folder one machine would have written.</summary>
public static class MergeCommand
{
    public static Command Create()
    {
        var parts = new Argument<string[]>("parts") { Description = "The folders the shards wrote.", Arity = ArgumentArity.OneOrMore };
        var output = new Option<string>("--out", "-o") { Description = "The merged results folder.", Required = true };
        var force = new Option<bool>("--force") { Description = "Replace the results folder if it is an earlier one." };
        var noPlots = new Option<bool>("--no-plots") { Description = "Write the CSVs only: no charts, no report." };
        var command = new Command("merge", "Combine the parts written by 'farmsim sweep --shard' into exactly what one machine would have written.") { parts, output, force, noPlots };
        command.SetAction(parsed =>
        {
            string folder = parsed.GetValue(output)!;
            bool replace = parsed.GetValue(force);
            if (!parsed.GetValue(noPlots) && RunCommand.FontProblem() is { } fonts)
            {
                Console.Error.WriteLine($"farmsim: {fonts} (or pass --no-plots)");
                return ExitCodes.Failure;
            }
            if (ResultsFolder.Problem(folder, replace) is { } problem)
            {
                Console.Error.WriteLine($"farmsim: {problem}");
                return ExitCodes.BadInput;
            }
            try
            {
                ResultsFolder.Write(folder, replace, into => SweepMerge.Merge(parsed.GetValue(parts)!, into, plots: !parsed.GetValue(noPlots)));
            }
            catch (InvalidDataException e)
            {
                Console.Error.WriteLine($"farmsim: {e.Message}");
                return ExitCodes.BadInput;
            }
            Console.WriteLine($"Merged {parsed.GetValue(parts)!.Length} parts into {folder}");
            return ExitCodes.Success;
        });
        return command;
    }
}
