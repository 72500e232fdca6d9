namespace Offline.Relay.Store;

/// <summary>
/// Everything the relay keeps, behind one asynchronous interface so a shared store (Redis, for
/// several relay processes) can stand behind it. It holds only what delivery needs: the public
/// directory, queues, undelivered ciphertext, attachment chunks and day-granular expiry. No connection, address of a
/// client or time of day is ever passed in. Every method treats an entry whose expiry day is
/// before <c>today</c> as absent, so expiry holds even between sweeps.
/// </summary>
internal interface IRelayStore : IAsyncDisposable
{
    /// <summary>Replaces the ID's entry and its one-time prekeys; creates or re-keys its introduction mailbox, keeping pending mail.</summary>
    Task PublishAsync(DirectoryEntry entry, CancellationToken cancellationToken);

    /// <summary>The base bundle and at most one one-time prekey, which is deleted in the same step.</summary>
    Task<FetchedBundle?> FetchBundleAsync(byte[] fingerprint, uint today, CancellationToken cancellationToken);

    /// <summary>The live entry's base bundle (without one-time prekeys), or null; hands nothing out.</summary>
    Task<byte[]?> FindBundleAsync(byte[] fingerprint, uint today, CancellationToken cancellationToken);

    /// <summary>
    /// In one step: appends those of <paramref name="prekeys"/> whose ids the live entry does not hold
    /// yet, in order, behind the held ones, unless held plus new would pass <paramref name="max"/> (then
    /// nothing). Leaves the entry's expiry as it is. A <paramref name="prekeys"/> of none is a query.
    /// </summary>
    Task<TopUpResult> TopUpPrekeysAsync(byte[] fingerprint, uint today, IReadOnlyList<StoredPrekey> prekeys, int max, CancellationToken cancellationToken);

    Task<CreateQueueOutcome> CreateQueueAsync(QueueRecord queue, CancellationToken cancellationToken);

    Task<QueueRecord?> FindQueueAsync(QueueAddress address, uint today, CancellationToken cancellationToken);

    /// <summary>Moves the queue's expiry (and its directory entry's, for an introduction mailbox) to <paramref name="expiryDay"/>.</summary>
    Task TouchQueueAsync(QueueAddress address, uint expiryDay, CancellationToken cancellationToken);

    /// <summary>Deletes the queue and everything pending in it.</summary>
    Task<bool> DeleteQueueAsync(QueueAddress address, CancellationToken cancellationToken);

    Task<EnqueueOutcome> EnqueueAsync(QueueAddress address, StoredMessage message, EnqueueQuota quota, CancellationToken cancellationToken);

    /// <summary>Pending messages in arrival order, at most <paramref name="max"/>.</summary>
    Task<IReadOnlyList<StoredMessage>> PendingAsync(QueueAddress address, uint today, int max, CancellationToken cancellationToken);

    /// <summary>Deletes one message at once; false when it was not pending.</summary>
    Task<bool> AckAsync(QueueAddress address, ulong messageId, CancellationToken cancellationToken);

    /// <summary>
    /// Stores a chunk unless a live one holds the address: the same bytes are <see cref="PutChunkOutcome.AlreadyStored"/>
    /// (nothing changes), other bytes <see cref="PutChunkOutcome.Taken"/>. Refused when the chunk store would pass
    /// <paramref name="maxStoreBytes"/>; the check and the insert are one step.
    /// </summary>
    Task<PutChunkOutcome> PutChunkAsync(StoredChunk chunk, long maxStoreBytes, uint today, CancellationToken cancellationToken);

    /// <summary>A copy of the live chunk's bytes, or null; fetching deletes nothing.</summary>
    Task<byte[]?> GetChunkAsync(ChunkAddress address, uint today, CancellationToken cancellationToken);

    /// <summary>
    /// One recipient has the chunk: its remaining fetch count drops by one, and at zero (or when it
    /// has expired) it is deleted at once. False when no chunk was stored there.
    /// </summary>
    Task<bool> ReleaseChunkAsync(ChunkAddress address, uint today, CancellationToken cancellationToken);

    /// <summary>Removes every message, queue, directory entry and chunk whose expiry day is before <paramref name="today"/>.</summary>
    Task<SweepResult> SweepAsync(uint today, CancellationToken cancellationToken);
}
