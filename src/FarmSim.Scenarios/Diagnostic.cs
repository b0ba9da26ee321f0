namespace FarmSim.Scenarios;

public enum Severity { Error, Warning }

/// <summary>One problem in a scenario file, at a 1-based line and column.</summary>
public sealed record Diagnostic(string File, int Line, int Column, Severity Severity, string Message)
{
    /// <summary><c>file:line:column: error: message</c>; a problem in an override has no line: <c>--set a.b=c: error: message</c>.</summary>
    public override string ToString() =>
        $"{File}{(Line > 0 ? $":{Line}:{Column}" : "")}: {(Severity == Severity.Error ? "error" : "warning")}: {Message}";
}
