namespace Offline.Protocol.Wire;

/// <summary>Why the relay refused a request. The connection stays open after any of these.</summary>
public enum RelayErrorCode : ushort
{
    /// <summary>The body does not parse for its op.</summary>
    MalformedRequest = 1,

    /// <summary>The bundle failed verification or its signature over the challenge did not verify.</summary>
    InvalidBundle = 2,

    /// <summary>No bundle is published for that ID (or it expired).</summary>
    NotFound = 3,

    /// <summary>No such queue, or the owner secret does not match; the two are not told apart.</summary>
    QueueNotFound = 4,

    /// <summary>The address is already taken by another owner.</summary>
    AddressTaken = 5,

    /// <summary>The inactivity period is not one of 7, 14, 30, 90, 180 days.</summary>
    InvalidInactivityPeriod = 6,

    /// <summary>A send to an introduction mailbox carried no valid proof-of-work stamp.</summary>
    StampInvalid = 7,

    /// <summary>That stamp was already used.</summary>
    StampReused = 8,

    /// <summary>The queue holds as many messages or bytes as allowed, or today's introductions are used up.</summary>
    QuotaExceeded = 9,

    /// <summary>The connection subscribes to as many queues as allowed.</summary>
    TooManySubscriptions = 10,

    /// <summary>The relay's store is full (messages, or the chunk store for PutChunk).</summary>
    StoreFull = 11,

    /// <summary>The operator publishes no warrant canary on this relay.</summary>
    NoCanary = 12,

    /// <summary>No chunk is stored under that address: never stored, released by every recipient, or expired.</summary>
    ChunkNotFound = 13,
}
