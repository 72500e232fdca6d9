using System.Security.Cryptography;

namespace Offline.Relay.Store;

/// <summary>
/// The default store: everything in this process's memory, gone when it stops. One lock guards
/// it all; every operation is a few dictionary steps, so contention stays low.
/// </summary>
internal sealed partial class MemoryRelayStore : IRelayStore
{
    private readonly Lock gate = new();
    private readonly Dictionary<QueueAddress, QueueState> queues = [];
    private readonly Dictionary<string, DirectoryState> directory = new(StringComparer.Ordinal);
    private long totalBytes;

    /// <summary>Undelivered messages held, for tests and the benchmark.</summary>
    internal int MessageCount
    {
        get
        {
            lock (gate)
            {
                return queues.Values.Sum(q => q.Messages.Count);
            }
        }
    }

    /// <summary>Every ciphertext byte array still held, for the tests that prove deletion.</summary>
    internal IReadOnlyList<byte[]> AllCiphertexts()
    {
        lock (gate)
        {
            return [.. queues.Values.SelectMany(q => q.Messages).Select(m => m.Ciphertext)];
        }
    }

    /// <summary>
    /// Every byte the store holds (addresses, owner-auth hashes, days, ciphertexts, bundles, prekeys, chunks),
    /// concatenated: what a dump of this process's store would show, for the tests that prove what it does not keep.
    /// </summary>
    internal byte[] Snapshot()
    {
        lock (gate)
        {
            using var dump = new MemoryStream();
            foreach (var (address, state) in queues)
            {
                dump.Write(address.ToBytes());
                dump.Write(state.Record.OwnerAuthHash);
                dump.Write(BitConverter.GetBytes(state.Record.ExpiryDay));
                state.Messages.ForEach(m => dump.Write(m.Ciphertext));
            }

            foreach (var (key, entry) in directory)
            {
                dump.Write(Convert.FromHexString(key));
                dump.Write(entry.BaseBundle);
                dump.Write(entry.Introduction.ToBytes());
                foreach (var prekey in entry.Prekeys)
                {
                    dump.Write(prekey);
                }
            }

            foreach (var (address, chunk) in chunks)
            {
                dump.Write(address.ToBytes());
                dump.Write(chunk.Bytes);
                dump.Write(BitConverter.GetBytes(chunk.Fetches));
                dump.Write(BitConverter.GetBytes(chunk.ExpiryDay));
            }

            return dump.ToArray();
        }
    }

    public Task<CreateQueueOutcome> CreateQueueAsync(QueueRecord queue, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            if (!queues.TryGetValue(queue.Address, out var existing))
            {
                queues[queue.Address] = new QueueState(queue);
                return Task.FromResult(CreateQueueOutcome.Created);
            }

            if (!existing.Record.OwnerAuthHash.AsSpan().SequenceEqual(queue.OwnerAuthHash) || existing.Record.IsIntroduction)
            {
                return Task.FromResult(CreateQueueOutcome.Taken);
            }

            existing.Record = existing.Record with { InactivityDays = queue.InactivityDays, ExpiryDay = Math.Max(existing.Record.ExpiryDay, queue.ExpiryDay) };
            return Task.FromResult(CreateQueueOutcome.Refreshed);
        }
    }

    public Task<QueueRecord?> FindQueueAsync(QueueAddress address, uint today, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            return Task.FromResult(Live(address, today)?.Record);
        }
    }

    public Task TouchQueueAsync(QueueAddress address, uint expiryDay, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            if (queues.TryGetValue(address, out var state) && state.Record.ExpiryDay < expiryDay)
            {
                state.Record = state.Record with { ExpiryDay = expiryDay };
            }
        }

        return Task.CompletedTask;
    }

    public Task<bool> DeleteQueueAsync(QueueAddress address, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            return Task.FromResult(RemoveQueue(address));
        }
    }

    public Task<EnqueueOutcome> EnqueueAsync(QueueAddress address, StoredMessage message, EnqueueQuota quota, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            var state = Live(address, quota.Today);
            var outcome = state is null ? EnqueueOutcome.NoQueue : Admit(state, message.Ciphertext.Length, quota);
            if (outcome == EnqueueOutcome.Enqueued)
            {
                state!.Messages.Add(message);
                state.Bytes += message.Ciphertext.Length;
                totalBytes += message.Ciphertext.Length;
            }

            return Task.FromResult(outcome);
        }
    }

    public Task<IReadOnlyList<StoredMessage>> PendingAsync(QueueAddress address, uint today, int max, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            var state = Live(address, today);
            IReadOnlyList<StoredMessage> pending = state is null ? [] : [.. state.Messages.Where(m => m.ExpiryDay >= today).Take(max)];
            return Task.FromResult(pending);
        }
    }

    public Task<bool> AckAsync(QueueAddress address, ulong messageId, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            if (!queues.TryGetValue(address, out var state))
            {
                return Task.FromResult(false);
            }

            var index = state.Messages.FindIndex(m => m.Id == messageId);
            if (index < 0)
            {
                return Task.FromResult(false);
            }

            Forget(state, index);
            return Task.FromResult(true);
        }
    }

    public Task<SweepResult> SweepAsync(uint today, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            var expiredQueues = queues.Where(q => q.Value.Record.ExpiryDay < today).Select(q => q.Key).ToList();
            var messages = expiredQueues.Sum(a => queues[a].Messages.Count);
            foreach (var address in expiredQueues)
            {
                RemoveQueue(address);
            }

            foreach (var state in queues.Values)
            {
                for (var i = state.Messages.Count - 1; i >= 0; i--)
                {
                    if (state.Messages[i].ExpiryDay < today)
                    {
                        Forget(state, i);
                        messages++;
                    }
                }
            }

            var orphans = directory.Where(d => !queues.ContainsKey(d.Value.Introduction)).Select(d => d.Key).ToList();
            orphans.ForEach(key => directory.Remove(key));
            return Task.FromResult(new SweepResult(messages, expiredQueues.Count, orphans.Count, SweepChunks(today)));
        }
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private EnqueueOutcome Admit(QueueState state, int size, EnqueueQuota quota)
    {
        if (totalBytes + size > quota.MaxStoreBytes)
        {
            return EnqueueOutcome.StoreFull;
        }

        if (state.Messages.Count >= quota.MaxPending || state.Bytes + size > quota.MaxQueueBytes)
        {
            return EnqueueOutcome.QueueFull;
        }

        if (state.Record.IsIntroduction)
        {
            if (state.QuotaDay != quota.Today)
            {
                (state.QuotaDay, state.QuotaCount) = (quota.Today, 0);
            }

            if (state.QuotaCount >= quota.MaxPerDay)
            {
                return EnqueueOutcome.DailyCapReached;
            }

            state.QuotaCount++;
        }

        return EnqueueOutcome.Enqueued;
    }

    private QueueState? Live(QueueAddress address, uint today) =>
        queues.TryGetValue(address, out var state) && state.Record.ExpiryDay >= today ? state : null;

    private bool RemoveQueue(QueueAddress address)
    {
        if (!queues.Remove(address, out var state))
        {
            return false;
        }

        totalBytes -= state.Bytes;
        state.Messages.ForEach(m => CryptographicOperations.ZeroMemory(m.Ciphertext));
        state.Messages.Clear();
        return true;
    }

    private void Forget(QueueState state, int index)
    {
        var ciphertext = state.Messages[index].Ciphertext;
        var size = ciphertext.Length;
        state.Messages.RemoveAt(index);

        // The array may linger until the GC reuses it; its bytes need not.
        CryptographicOperations.ZeroMemory(ciphertext);
        state.Bytes -= size;
        totalBytes -= size;
    }

    private sealed class QueueState(QueueRecord record)
    {
        public QueueRecord Record { get; set; } = record;

        public List<StoredMessage> Messages { get; } = [];

        public long Bytes { get; set; }

        public uint QuotaDay { get; set; }

        public int QuotaCount { get; set; }
    }
}
