namespace LocalAi.Router.Upstreams;

/// <summary>What one observation did to an upstream's health.</summary>
internal enum HealthChange
{
    None,
    StoppedServing,
    Tripped,
    BecameServing,
}
