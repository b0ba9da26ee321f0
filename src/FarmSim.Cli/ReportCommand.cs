using System.CommandLine;
using FarmSim.Reports;

namespace FarmSim.Cli;

/// <summary><c>farmsim report</c>: redraws a results folder's charts and report from its CSVs, without simulating.</summary>
public static class ReportCommand
{
    public static Command Create()
    {
        var folder = new Argument<string>("results") { Description = "A results folder written by 'farmsim run'." };
        var command = new Command("report", "Redraw the charts, report.md and report.html of a results folder from its CSVs and run.json.") { folder };
        command.SetAction(parsed =>
        {
            string results = parsed.GetValue(folder)!;
            if (!Directory.Exists(results))
            {
                Console.Error.WriteLine($"farmsim: '{results}' is not a folder, expected a results folder written by 'farmsim run'");
                return ExitCodes.BadInput;
            }
            // Drawn aside, then moved in file by file: a failure leaves the old charts as they were.
            string scratch = Directory.CreateTempSubdirectory("farmsim-report-").FullName;
            try
            {
                ReportWriter.Write(results, scratch);
                foreach (string file in Directory.GetFiles(scratch))
                    File.Move(file, Path.Combine(results, Path.GetFileName(file)), overwrite: true);
            }
            catch (Exception e) when (e is InvalidDataException or CsvHelper.CsvHelperException or FormatException or System.Text.Json.JsonException)
            {
                Console.Error.WriteLine($"farmsim: '{results}' cannot be read as a results folder: {e.Message}");
                return ExitCodes.BadInput;
            }
            catch (InvalidOperationException e)
            {
                Console.Error.WriteLine($"farmsim: {e.Message}");
                return ExitCodes.Failure;
            }
            finally
            {
                Directory.Delete(scratch, recursive: true);
            }
            Console.WriteLine($"Report: {Path.Combine(results, ReportWriter.Html)}");
            return ExitCodes.Success;
        });
        return command;
    }
}
