namespace Offline.Relay.Store;

internal enum CreateQueueOutcome
{
    /// <summary>A new queue.</summary>
    Created,

    /// <summary>The same owner created it before; its expiry is refreshed.</summary>
    Refreshed,

    /// <summary>Another owner holds the address.</summary>
    Taken,
}
