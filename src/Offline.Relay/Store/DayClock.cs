namespace Offline.Relay.Store;

/// <summary>
/// The only clock the relay reads: the day number since 1970-01-01 (UTC). Expiry is kept at day
/// granularity so nothing stored can place an event within a day.
/// </summary>
internal sealed class DayClock(TimeProvider time)
{
    public uint Today => (uint)(time.GetUtcNow().ToUnixTimeSeconds() / 86_400);
}
