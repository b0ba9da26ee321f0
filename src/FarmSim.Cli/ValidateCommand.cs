using System.CommandLine;

namespace FarmSim.Cli;

/// <summary><c>farmsim validate</c>: every problem of every file, at once, without simulating.</summary>
public static class ValidateCommand
{
    public static Command Create()
    {
        var files = new Argument<string[]>("scenario") { Description = "Scenario files (YAML) or run.json files.", Arity = ArgumentArity.OneOrMore };
        var scenario = new ScenarioOptions();
        var command = new Command("validate", "Check scenario files and report all their problems as file:line:column; exit 2 if any has an error.") { files };
        scenario.AddTo(command);
        command.SetAction(parsed =>
        {
            var overrides = scenario.Overrides(parsed);
            bool failed = false;
            foreach (string file in parsed.GetValue(files)!)
            {
                var loaded = ScenarioOptions.Load(file, overrides, quiet: false);
                if (loaded.Succeeded) Console.WriteLine($"{file}: ok ({loaded.Warnings.Count()} warnings)");
                else failed = true;
            }
            return failed ? ExitCodes.BadInput : ExitCodes.Success;
        });
        return command;
    }
}
