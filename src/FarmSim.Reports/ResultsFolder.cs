namespace FarmSim.Reports;

/// <summary>
/// A results folder appears whole or not at all: everything is written into a hidden temporary
/// folder beside it, which is renamed into place only when every file is complete. A failure or a
/// cancellation midway removes the temporary folder and leaves no trace.
/// </summary>
public static class ResultsFolder
{
    /// <summary>Why the folder cannot be written, or null when it can.</summary>
    public static string? Problem(string folder, bool force) =>
        Directory.Exists(folder) && !force ? $"the results folder '{folder}' already exists; choose another --out or pass --force to replace it"
        : File.Exists(folder) ? $"'{folder}' is a file, expected a folder for the results"
        : null;

    public static void Write(string folder, bool force, Action<string> writeInto)
    {
        if (Problem(folder, force) is { } problem) throw new IOException(problem);
        string full = Path.GetFullPath(folder);
        string parent = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(parent);
        string temporary = Path.Combine(parent, $".{Path.GetFileName(full)}.partial-{Guid.NewGuid():N}");
        Directory.CreateDirectory(temporary);
        try
        {
            writeInto(temporary);
            if (Directory.Exists(full)) Directory.Delete(full, recursive: true);
            Directory.Move(temporary, full);
        }
        catch
        {
            if (Directory.Exists(temporary)) Directory.Delete(temporary, recursive: true);
            throw;
        }
    }
}
