using System.CommandLine;
using FarmSim.Reports;
using FarmSim.Scenarios;

namespace FarmSim.Cli;

/// <summary><c>farmsim schema</c>: the JSON Schema of the scenario format, for editors.</summary>
public static class SchemaCommand
{
    public static string Text() =>
        ScenarioSchema.Build().ToJsonString(JsonText.Indented) + "\n";

    public static Command Create()
    {
        var command = new Command("schema", "Print the JSON Schema of the scenario format (docs/farmsim.schema.json holds a copy).");
        command.SetAction(_ =>
        {
            Console.Out.Write(Text());
            return ExitCodes.Success;
        });
        return command;
    }
}
