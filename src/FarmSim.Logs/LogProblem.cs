namespace FarmSim.Logs;

/// <summary>A line that could not be read, or a file that could not be: where, and why.</summary>
public sealed record LogProblem(string File, long Line, string Why)
{
    public override string ToString() => Line > 0 ? $"{File}:{Line}: {Why}" : $"{File}: {Why}";
}
