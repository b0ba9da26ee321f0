namespace FarmSim.Farm.Topology;

/// <summary>What a sticky balancer follows.</summary>
public enum AffinityBy
{
    /// <summary>
    /// A cookie set on the first response (IIS ARR's client affinity, <c>ARRAffinity</c>; NGINX's
    /// <c>sticky cookie</c>; ALB's <c>lb_cookie</c>): a user's or session's requests, not server-side
    /// calls, which carry no user's cookie. A session's cookie goes when its visit ends.
    /// </summary>
    Cookie,

    /// <summary>
    /// The client's address in a stick table (HAProxy's <c>stick on src</c>): a visitor's requests,
    /// as with a cookie, and server-side calls too, by their calling front-end's address.
    /// </summary>
    Source,
}

/// <summary>
/// Sticky sessions on a zone's balancer: a visitor's first request is balanced by the zone's
/// algorithm, and the rest go to the same server while the balancer sends to it; one whose server
/// is out (down, drained, unhealthy) is balanced again and sticks to its new server. An entry not
/// used for <see cref="Ttl"/> seconds is forgotten (ALB's stickiness duration, HAProxy's stick-table
/// <c>expire</c>); null: only when the visit ends.
/// </summary>
public sealed record AffinitySpec(AffinityBy By, double? Ttl = null);
