using FarmSim.Farm.Balancing;

namespace FarmSim.Farm.Runtime;

/// <summary>A deployment zone in a running replication: its balancer and its member servers.</summary>
internal sealed class Zone(string name, Balancer balancer, FrontEnd[] members, int retries = 0)
{
    public int Retries { get; } = retries;
    public string Name { get; } = name;
    public Balancer Balancer { get; } = balancer;
    public FrontEnd[] Members { get; } = members;

    /// <summary>Whether its balancer probes its servers; without probes, only a server's return puts it back in.</summary>
    public bool HealthChecked { get; set; }
}
