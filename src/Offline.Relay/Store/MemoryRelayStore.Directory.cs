namespace Offline.Relay.Store;

/// <summary>The directory operations: publish, fetch (one one-time prekey at a time) and top-up.</summary>
internal sealed partial class MemoryRelayStore
{
    public Task PublishAsync(DirectoryEntry entry, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            var intro = entry.IntroductionQueue;
            if (queues.TryGetValue(intro.Address, out var existing) && existing.Record.IsIntroduction)
            {
                // Re-keyed by the ID's keyholder; pending first contacts stay.
                existing.Record = intro;
            }
            else
            {
                // A conversation queue squatting on the address loses it: nothing in it was stamped.
                RemoveQueue(intro.Address);
                queues[intro.Address] = new QueueState(intro);
            }

            directory[Key(entry.Fingerprint)] = new DirectoryState(entry.BaseBundle, new Queue<byte[]>(entry.OneTimePrekeys), intro.Address);
        }

        return Task.CompletedTask;
    }

    public Task<FetchedBundle?> FetchBundleAsync(byte[] fingerprint, uint today, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            var entry = LiveEntry(fingerprint, today);
            if (entry is null)
            {
                return Task.FromResult<FetchedBundle?>(null);
            }

            entry.Prekeys.TryDequeue(out var prekey);
            return Task.FromResult<FetchedBundle?>(new FetchedBundle(entry.BaseBundle, prekey));
        }
    }

    public Task<byte[]?> FindBundleAsync(byte[] fingerprint, uint today, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            return Task.FromResult(LiveEntry(fingerprint, today)?.BaseBundle);
        }
    }

    public Task<TopUpResult> TopUpPrekeysAsync(byte[] fingerprint, uint today, IReadOnlyList<StoredPrekey> prekeys, int max, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            var entry = LiveEntry(fingerprint, today);
            if (entry is null)
            {
                return Task.FromResult(TopUpResult.NoEntry);
            }

            // Checked and appended under one lock, so two top-ups at once cannot pass the limit together.
            var held = entry.Prekeys.Select(p => StoredPrekey.FromEncoded(p).Id).ToList();
            var added = StoredPrekey.NotHeld(held, prekeys);
            if (held.Count + added.Count > max)
            {
                return Task.FromResult(new TopUpResult(TopUpOutcome.OverLimit, held, added.Count));
            }

            foreach (var prekey in added)
            {
                entry.Prekeys.Enqueue(prekey.Encoded);
                held.Add(prekey.Id);
            }

            return Task.FromResult(new TopUpResult(TopUpOutcome.ToppedUp, held, added.Count));
        }
    }

    private static string Key(byte[] fingerprint) => Convert.ToHexString(fingerprint);

    /// <summary>The entry, if its introduction mailbox (with which it lives and expires) is live.</summary>
    private DirectoryState? LiveEntry(byte[] fingerprint, uint today) =>
        directory.TryGetValue(Key(fingerprint), out var entry) && Live(entry.Introduction, today) is not null ? entry : null;

    private sealed record DirectoryState(byte[] BaseBundle, Queue<byte[]> Prekeys, QueueAddress Introduction);
}
