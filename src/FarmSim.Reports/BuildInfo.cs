namespace FarmSim.Reports;

/// <summary>
/// The FarmSim build that wrote a result: its version and the commit it was built from (empty when
/// it was built outside a git checkout). The SDK writes both into the assembly's informational
/// version as <c>version+commit</c>.
/// </summary>
public sealed record BuildInfo(string Version, string Commit)
{
    public static BuildInfo Parse(string? informational)
    {
        if (string.IsNullOrEmpty(informational)) return new("unknown", "");
        int plus = informational.IndexOf('+');
        return plus < 0 ? new(informational, "") : new(informational[..plus], informational[(plus + 1)..]);
    }

    public override string ToString() => Commit.Length == 0 ? Version : $"{Version} (commit {Commit})";
}
