namespace FarmSim.Tests.Logs;

/// <summary>
/// The example log set in scenarios/logs/ is what the fixture generator writes for a small known
/// farm, so the README's walk from logs to a calibrated scenario stays true. Set
/// FARMSIM_WRITE_EXAMPLE_LOGS=1 to write it again after changing the generator.
/// </summary>
public class ExampleLogsTests
{
    internal static readonly FixtureApp[] Apps =
    [
        new("/Portal", [3, 6, 4], -3.0, 0.8),
        new("/Reports", [0.4, 1, 0.6], -1.5, 0.5),
    ];

    [Test]
    public void The_example_logs_are_what_the_generator_writes()
    {
        string committed = Path.Combine(Repository.Root, "scenarios", "logs");
        string written = Directory.CreateTempSubdirectory("farmsim-example-logs-").FullName;
        try
        {
            FixtureLogs.Write(written, Apps, FixtureLogs.Draw(Apps, 600, servers: 2, seed: 2026, refusedShare: 0.002), 2, Quirks.All);
            if (Environment.GetEnvironmentVariable("FARMSIM_WRITE_EXAMPLE_LOGS") == "1")
            {
                if (Directory.Exists(committed)) Directory.Delete(committed, recursive: true);
                CopyTree(written, committed);
            }
            var files = Directory.EnumerateFiles(written, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(written, f)).Order().ToList();
            var present = Directory.Exists(committed) ? Directory.EnumerateFiles(committed, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(committed, f)).Order().ToList() : [];
            Assert.That(present, Is.EqualTo(files));
            foreach (string file in files)
                Assert.That(File.ReadAllBytes(Path.Combine(committed, file)), Is.EqualTo(File.ReadAllBytes(Path.Combine(written, file))), file);
        }
        finally
        {
            Directory.Delete(written, recursive: true);
        }
    }

    private static void CopyTree(string from, string to)
    {
        foreach (string file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            string target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
