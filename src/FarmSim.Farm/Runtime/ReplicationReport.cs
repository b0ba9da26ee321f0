using FarmSim.Farm.Metrics;

namespace FarmSim.Farm.Runtime;

/// <summary>
/// Builds what a replication reports, in a fixed order: the farm, its zones, apps, servers,
/// databases and call edges, then the time series and each app's latency histogram.
/// </summary>
internal static class ReplicationReport
{
    public static ReplicationResult Build(int replication, RunContext run, double seconds, App[] apps, Workloads.IWorkload?[] workloads,
        ServerSide farm, CallTables tables, TimeSeriesRecorder timeSeries)
    {
        var zones = farm.Zones;
        var entities = new List<EntityResult>(1 + zones.Length + apps.Length + farm.Servers.Length);

        var farmTally = new Tally();
        foreach (var app in apps) farmTally.Add(app.Tally);
        entities.Add(Aggregate(Scope.Farm, "farm", farmTally, farm.Servers, seconds));

        for (int z = 0; z < zones.Length; z++)
        {
            var zoneTally = new Tally();
            for (int a = 0; a < apps.Length; a++)
                if (farm.ZoneOf(a) == z) zoneTally.Add(apps[a].Tally);
            entities.Add(Aggregate(Scope.Zone, zones[z].Name, zoneTally, zones[z].Members, seconds));
        }

        for (int a = 0; a < apps.Length; a++)
        {
            var values = NewValues();
            apps[a].Tally.Report(values, seconds);
            (workloads[a] as Workloads.IHasVisitors)?.Tally.Report(values, run.Simulation.Now);
            entities.Add(new EntityResult(Scope.App, apps[a].Name, values));
        }

        foreach (var server in farm.Servers)
        {
            var values = NewValues();
            server.Report(values, seconds);
            entities.Add(new EntityResult(Scope.Server, server.Name, values));
        }
        foreach (var database in farm.Databases)
        {
            var values = NewValues();
            database.Report(values, seconds);
            entities.Add(new EntityResult(Scope.Database, database.Name, values));
        }
        for (int a = 0; a < tables.Edges.Length; a++)
            for (int c = 0; c < tables.Edges[a].Length; c++)
                for (int k = 0; k < tables.Edges[a][c].Length; k++)
                {
                    var values = NewValues();
                    tables.Edges[a][c][k].Report(values, seconds);
                    values[(int)Metric.InternalArrivals] = double.NaN;
                    Tally.NotUsers(values);
                    entities.Add(new EntityResult(Scope.Call, tables.EdgeNames[a][c][k], values));
                }
        // Lost requests are a figure only where servers can fail.
        foreach (var entity in entities)
        {
            if (!run.CanFail) entity.Values[(int)Metric.Failed] = double.NaN;
            if (!run.CanFail || entity.Scope != Scope.Server) entity.Values[(int)Metric.Availability] = double.NaN;
        }
        var outages = new List<Outage>();
        foreach (var server in farm.Servers)
            foreach (var (down, up) in server.Outages) outages.Add(new Outage(server.Name, down, up));
        return new ReplicationResult(replication, entities, run.Simulation.EventsProcessed, timeSeries.Result(),
            apps.Select(a => a.Tally.Latency).ToList()) { Outages = outages };
    }

    /// <summary>
    /// A farm or zone row: the requests of its apps, and the utilisation of its servers, all the
    /// work on them included (a server shared with another zone is busy for both).
    /// </summary>
    private static EntityResult Aggregate(Scope scope, string name, Tally tally, FrontEnd[] servers, double seconds)
    {
        var values = NewValues();
        tally.Report(values, seconds);
        double busy = 0, workers = 0;
        foreach (var server in servers)
        {
            busy += server.BusyArea;
            workers += server.Workers;
        }
        values[(int)Metric.Utilization] = busy / (workers * seconds);
        return new EntityResult(scope, name, values);
    }

    private static double[] NewValues()
    {
        var values = new double[MetricNames.Count];
        Array.Fill(values, double.NaN);
        return values;
    }
}
