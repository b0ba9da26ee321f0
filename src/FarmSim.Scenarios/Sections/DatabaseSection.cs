using FarmSim.Farm.Topology;
using YamlDotNet.RepresentationModel;

namespace FarmSim.Scenarios.Sections;

/// <summary>Reads <c>database:</c>: one database as a mapping, or several as a list; the model numbers them either way.</summary>
internal static class DatabaseSection
{
    public static List<DatabaseSpec> Read(ScenarioReader reader, Fields top)
    {
        var databases = new List<DatabaseSpec>();
        if (top.Get("database") is not { } dbNode) return databases;
        bool single = dbNode is YamlMappingNode;
        if (!single && dbNode is not YamlSequenceNode)
            reader.Error(dbNode, $"'database' is {ScenarioReader.KindOf(dbNode)}, expected a mapping of {string.Join(", ", ScenarioFormat.Database.Keys)}, or a list of them");
        var entries = single ? [dbNode] : dbNode is YamlSequenceNode ? reader.Sequence(dbNode, "database") : [];
        for (int d = 0; d < entries.Count; d++)
        {
            string at = single ? "database" : $"database[{d}]";
            if (single) reader.Rename("database[0]", "database");
            if (reader.Mapping(entries[d], at, ScenarioFormat.Database) is not { } db) continue;
            if (!single) reader.Alias($"database[{databases.Count}]", at); // entries that could not be read leave no gap in the model
            databases.Add(new DatabaseSpec(db.Text("name") ?? (d == 0 ? "main" : $"db{d + 1}"), db.Integer("connections", required: true) ?? 1, db.Integer("workers", required: true) ?? 1,
                PerServerPool: db.Choice("pool", [DatabaseSpec.Total, DatabaseSpec.PerServer]) == DatabaseSpec.PerServer, Cores: db.Integer("cores")));
        }
        return databases;
    }
}
