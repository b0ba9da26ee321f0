using System.CommandLine;

namespace FarmSim.Cli;

/// <summary>
/// <c>--threads</c>, as every command that runs replications takes it: checked while parsing, so a
/// bad value is a usage error (exit 2) before any work starts. The results never depend on it.
/// </summary>
internal static class ThreadsOption
{
    public static Option<int?> Create()
    {
        var option = new Option<int?>("--threads") { Description = "Run at most this many replications at once (default: one per core). The results do not depend on it." };
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int?>() is < 1 and var threads) result.AddError($"--threads is {threads}, expected 1 or more");
        });
        return option;
    }
}
