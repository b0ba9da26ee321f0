using System.CommandLine;
using FarmSim.Cli;

var root = new RootCommand("FarmSim: a discrete-event simulator and capacity planner for web farms with deployment zones.")
{
    RunCommand.Create(),
};
var parsed = root.Parse(args);
if (parsed.Errors.Count > 0)
{
    foreach (var error in parsed.Errors) Console.Error.WriteLine($"farmsim: {error.Message}");
    Console.Error.WriteLine("Try 'farmsim --help'.");
    return ExitCodes.BadInput;
}
return await parsed.InvokeAsync();
