using System.IO.Compression;
using System.Text.RegularExpressions;

namespace FarmSim.Logs;

/// <summary>A log file to read, and the server its lines belong to when they do not name one.</summary>
public sealed record LogFile(string Path, string? FolderServer, string FallbackServer);

/// <summary>
/// Turns what the command line names (files, folders, .gz files) into the log files to read, in
/// name order. A file's server, when its lines do not say, is the nearest folder above it inside
/// the given folder that is not one IIS names by itself (W3SVC1, HTTPERR, LogFiles).
/// </summary>
public static partial class LogFiles
{
    [GeneratedRegex("^(W3SVC\\d*|HTTPERR|LogFiles|logs?)$", RegexOptions.IgnoreCase)]
    private static partial Regex IisFolder();

    public static List<LogFile> Expand(IEnumerable<string> inputs, List<LogProblem> problems)
    {
        var files = new List<LogFile>();
        foreach (string input in inputs)
        {
            if (File.Exists(input))
                files.Add(new LogFile(input, null, System.IO.Path.GetFileNameWithoutExtension(input)));
            else if (Directory.Exists(input))
            {
                // Paths stay as given (relative ones relative), so that what is reported reads the same on any machine.
                string root = System.IO.Path.TrimEndingDirectorySeparator(input);
                var found = Directory.EnumerateFiles(root, "*", new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true })
                    .Where(f => !System.IO.Path.GetFileName(f).StartsWith('.'))
                    .Order(StringComparer.Ordinal).ToList();
                if (found.Count == 0) problems.Add(new LogProblem(input, 0, "the folder holds no files, expected log files (.log, .gz)"));
                foreach (string file in found)
                    files.Add(new LogFile(file, FolderServer(root, file), System.IO.Path.GetFileName(root)));
            }
            else problems.Add(new LogProblem(input, 0, "does not exist, expected a log file, a .gz file or a folder of them"));
        }
        return files;
    }

    private static string? FolderServer(string root, string file)
    {
        for (string? folder = System.IO.Path.GetDirectoryName(file); folder is not null && folder.Length > root.Length; folder = System.IO.Path.GetDirectoryName(folder))
        {
            string name = System.IO.Path.GetFileName(folder);
            if (!IisFolder().IsMatch(name)) return name;
        }
        return null;
    }

    /// <summary>Opens a file, unpacking it when it is gzip (by its first bytes, whatever its name).</summary>
    public static Stream Open(string path)
    {
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1 << 16);
        Span<byte> magic = stackalloc byte[2];
        int read = stream.Read(magic);
        stream.Position = 0;
        return read == 2 && magic[0] == 0x1f && magic[1] == 0x8b ? new GZipStream(stream, CompressionMode.Decompress) : stream;
    }
}
