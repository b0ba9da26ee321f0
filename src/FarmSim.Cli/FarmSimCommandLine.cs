using System.CommandLine;
using System.Globalization;
using System.Reflection;

namespace FarmSim.Cli;

/// <summary>The <c>farmsim</c> command tree. Bad command lines exit with <see cref="ExitCodes.BadInput"/>.</summary>
public static class FarmSimCommandLine
{
    /// <summary>This build: its version and the commit it was built from.</summary>
    public static Reports.BuildInfo BuildInfo { get; } =
        Reports.BuildInfo.Parse(typeof(FarmSimCommandLine).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion);

    public static RootCommand Build() => new("FarmSim: a discrete-event simulator and capacity planner for web farms with deployment zones.")
    {
        RunCommand.Create(),
        ValidateCommand.Create(),
        SchemaCommand.Create(),
        ReportCommand.Create(),
        SweepCommand.CreateSweep(),
        SweepCommand.CreateCompare(),
        MergeCommand.Create(),
        PlanCommand.Create(),
        CalibrateCommand.Create(),
        CheckCommand.Create(),
    };

    /// <param name="cancellation">Stops a run as Ctrl+C does.</param>
    public static async Task<int> RunAsync(string[] args, CancellationToken cancellation = default)
    {
        // Output reads the same on every machine, whatever its language settings.
        CultureInfo.CurrentCulture = CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
        // Ctrl+C cancels the run, which then removes what it started writing and exits with 1;
        // System.CommandLine's own handling would end the process with 130 instead.
        using var interrupted = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        ConsoleCancelEventHandler onCtrlC = (_, e) =>
        {
            e.Cancel = true;
            interrupted.Cancel();
        };
        Console.CancelKeyPress += onCtrlC;
        try
        {
            return await RunAsync(args, new InvocationConfiguration { ProcessTerminationTimeout = null }, interrupted.Token);
        }
        finally
        {
            Console.CancelKeyPress -= onCtrlC;
        }
    }

    private static async Task<int> RunAsync(string[] args, InvocationConfiguration configuration, CancellationToken cancellation)
    {
        if (args is ["--version"])
        {
            // The version and the commit, where System.CommandLine's own option would run them together.
            Console.WriteLine($"farmsim {BuildInfo}");
            return ExitCodes.Success;
        }
        var parsed = Build().Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors) Console.Error.WriteLine($"farmsim: {error.Message}");
            Console.Error.WriteLine("Try 'farmsim --help'.");
            return ExitCodes.BadInput;
        }
        try
        {
            return await parsed.InvokeAsync(configuration, cancellation);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"farmsim: {e.Message}");
            return ExitCodes.Failure;
        }
    }
}
