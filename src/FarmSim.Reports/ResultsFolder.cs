namespace FarmSim.Reports;

/// <summary>
/// A results folder appears whole or not at all: everything is written into a hidden temporary
/// folder beside it, which is renamed into place only when every file is complete. A failure or a
/// cancellation midway removes the temporary folder and leaves no trace. <c>--force</c> replaces
/// only an earlier results folder (or an empty one), never some other folder, and the old one is
/// set aside until the new one is in place.
/// </summary>
public static class ResultsFolder
{
    /// <summary>Why the folder cannot be written, or null when it can.</summary>
    public static string? Problem(string folder, bool force)
    {
        string full = Normalize(folder);
        if (File.Exists(full)) return $"'{folder}' is a file, expected a folder for the results";
        if (!Directory.Exists(full)) return null;
        if (!force) return $"the results folder '{folder}' already exists; choose another --out or pass --force to replace it";
        // What run, sweep (whole or a part), merge, plan and calibrate leave behind.
        bool earlierResults = new[] { RunRecord.FileName, SummaryCsv.FileName, Sweeps.SweepFiles.Plan, Planning.PlanWriter.Csv, Calibration.CalibrationReport.Markdown, Calibration.ModelCheck.Markdown }
            .Any(file => File.Exists(Path.Combine(full, file)));
        bool empty = !Directory.EnumerateFileSystemEntries(full).Any();
        return earlierResults || empty ? null
            : $"'{folder}' exists and is not a FarmSim results folder (no {RunRecord.FileName}, {Sweeps.SweepFiles.Plan} or {Planning.PlanWriter.Csv}); --force replaces only results folders";
    }

    public static void Write(string folder, bool force, Action<string> writeInto)
    {
        if (Problem(folder, force) is { } problem) throw new IOException(problem);
        string full = Normalize(folder);
        string parent = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(parent);
        string name = Path.GetFileName(full);
        string temporary = Path.Combine(parent, $".{name}.partial-{Guid.NewGuid():N}");
        string previous = Path.Combine(parent, $".{name}.previous-{Guid.NewGuid():N}");
        Directory.CreateDirectory(temporary);
        try
        {
            writeInto(temporary);
            bool replacing = Directory.Exists(full);
            if (replacing) Directory.Move(full, previous);
            try
            {
                Directory.Move(temporary, full);
            }
            catch
            {
                if (replacing) Directory.Move(previous, full);
                throw;
            }
            if (replacing) Directory.Delete(previous, recursive: true);
        }
        catch
        {
            if (Directory.Exists(temporary)) Directory.Delete(temporary, recursive: true);
            throw;
        }
    }

    /// <summary>The full path without a trailing separator, so "out/" and "out" are one folder.</summary>
    private static string Normalize(string folder) => Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder));
}
