using System.CommandLine;
using System.Reflection;

namespace FarmSim.Cli;

/// <summary>The <c>farmsim</c> command tree. Bad command lines exit with <see cref="ExitCodes.BadInput"/>.</summary>
public static class FarmSimCommandLine
{
    public static string Version { get; } =
        typeof(FarmSimCommandLine).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    public static RootCommand Build() => new("FarmSim: a discrete-event simulator and capacity planner for web farms with deployment zones.")
    {
        RunCommand.Create(),
        ValidateCommand.Create(),
        SchemaCommand.Create(),
    };

    public static async Task<int> RunAsync(string[] args)
    {
        var parsed = Build().Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors) Console.Error.WriteLine($"farmsim: {error.Message}");
            Console.Error.WriteLine("Try 'farmsim --help'.");
            return ExitCodes.BadInput;
        }
        try
        {
            return await parsed.InvokeAsync();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"farmsim: {e.Message}");
            return ExitCodes.Failure;
        }
    }
}
