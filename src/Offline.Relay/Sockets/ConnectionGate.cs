using Offline.Relay.Limits;

namespace Offline.Relay.Sockets;

/// <summary>Counts open sockets against <see cref="RelayLimits.MaxConnections"/>.</summary>
internal sealed class ConnectionGate(RelayLimits limits)
{
    private int open;

    public bool TryEnter()
    {
        if (Interlocked.Increment(ref open) <= limits.MaxConnections)
        {
            return true;
        }

        Interlocked.Decrement(ref open);
        return false;
    }

    public void Leave() => Interlocked.Decrement(ref open);
}
