namespace FarmSim.Farm.Runtime.Operations;

/// <summary>A zone balancer's passive health check: it watches the answers of the requests it sends.</summary>
internal interface IPassiveCheck
{
    /// <summary>A request sent to the member failed: refused (503, a dead server's refused connection) or lost in its crash.</summary>
    void Failed(int member);

    /// <summary>A request sent to the member was answered.</summary>
    void Succeeded(int member);
}
