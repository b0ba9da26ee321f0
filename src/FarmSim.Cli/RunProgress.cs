using Spectre.Console;

namespace FarmSim.Cli;

/// <summary>
/// Shows how far a run is: a progress bar on a terminal, a plain line every 10% when stderr is
/// redirected (logs, CI), nothing with --quiet.
/// </summary>
internal static class RunProgress
{
    public static T Show<T>(string title, bool quiet, Func<IProgress<double>?, T> work)
    {
        if (quiet) return work(null);
        if (Console.IsErrorRedirected)
        {
            int printed = 0;
            var gate = new object();
            return work(new InlineProgress(fraction =>
            {
                int tenth = (int)(fraction * 10 + 1e-9);
                lock (gate)
                {
                    for (; printed < tenth; printed++) Console.Error.WriteLine($"{title}: {(printed + 1) * 10}%");
                }
            }));
        }
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        return console.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(context =>
            {
                var task = context.AddTask(Markup.Escape(title), maxValue: 1);
                return work(new InlineProgress(fraction => task.Value = fraction));
            });
    }

    /// <summary>Reports on the reporting thread (System.Progress would post to a thread pool and arrive late).</summary>
    private sealed class InlineProgress(Action<double> report) : IProgress<double>
    {
        public void Report(double value) => report(value);
    }
}
