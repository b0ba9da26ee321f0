namespace FarmSim.Scenarios;

public enum Severity { Error, Warning }

/// <summary>One problem in a scenario file, at a 1-based line and column.</summary>
public sealed record Diagnostic(string File, int Line, int Column, Severity Severity, string Message)
{
    public override string ToString() =>
        $"{File}:{Line}:{Column}: {(Severity == Severity.Error ? "error" : "warning")}: {Message}";
}
