namespace Offline.Relay.Store;

internal enum PutChunkOutcome
{
    /// <summary>A new chunk.</summary>
    Stored,

    /// <summary>The same bytes are already stored under the address (a retried upload); nothing changes.</summary>
    AlreadyStored,

    /// <summary>Other bytes are stored under the address.</summary>
    Taken,

    /// <summary>The chunk store holds as many bytes as allowed.</summary>
    StoreFull,
}
