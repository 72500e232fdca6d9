using System.Security.Cryptography;

namespace Offline.Relay.Store;

/// <summary>The attachment chunks: address, bytes, remaining fetches and expiry day, under the store's one lock.</summary>
internal sealed partial class MemoryRelayStore
{
    private readonly Dictionary<ChunkAddress, StoredChunk> chunks = [];
    private long chunkBytes;

    /// <summary>Chunks held, for tests.</summary>
    internal int ChunkCount
    {
        get
        {
            lock (gate)
            {
                return chunks.Count;
            }
        }
    }

    /// <summary>Every chunk byte array still held, for the tests that prove deletion zeroes it.</summary>
    internal IReadOnlyList<byte[]> AllChunks()
    {
        lock (gate)
        {
            return [.. chunks.Values.Select(c => c.Bytes)];
        }
    }

    public Task<PutChunkOutcome> PutChunkAsync(StoredChunk chunk, long maxStoreBytes, uint today, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            if (chunks.TryGetValue(chunk.Address, out var existing))
            {
                if (existing.ExpiryDay >= today)
                {
                    return Task.FromResult(CryptographicOperations.FixedTimeEquals(existing.Bytes, chunk.Bytes) ? PutChunkOutcome.AlreadyStored : PutChunkOutcome.Taken);
                }

                // Expired but not swept yet: it is already absent, so the address is free.
                ForgetChunk(chunk.Address);
            }

            if (chunkBytes + chunk.Bytes.Length > maxStoreBytes)
            {
                return Task.FromResult(PutChunkOutcome.StoreFull);
            }

            chunks[chunk.Address] = chunk;
            chunkBytes += chunk.Bytes.Length;
            return Task.FromResult(PutChunkOutcome.Stored);
        }
    }

    public Task<byte[]?> GetChunkAsync(ChunkAddress address, uint today, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            // A copy: a release on another connection zeroes the stored array while this one is still being sent.
            var bytes = chunks.TryGetValue(address, out var chunk) && chunk.ExpiryDay >= today ? (byte[])chunk.Bytes.Clone() : null;
            return Task.FromResult(bytes);
        }
    }

    public Task<bool> ReleaseChunkAsync(ChunkAddress address, uint today, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            if (!chunks.TryGetValue(address, out var chunk))
            {
                return Task.FromResult(false);
            }

            if (chunk.Fetches > 1 && chunk.ExpiryDay >= today)
            {
                chunks[address] = chunk with { Fetches = chunk.Fetches - 1 };
            }
            else
            {
                ForgetChunk(address);
            }

            return Task.FromResult(true);
        }
    }

    /// <summary>Under the lock: deletes the chunks whose expiry day is before <paramref name="today"/>.</summary>
    private int SweepChunks(uint today)
    {
        var expired = chunks.Where(c => c.Value.ExpiryDay < today).Select(c => c.Key).ToList();
        expired.ForEach(ForgetChunk);
        return expired.Count;
    }

    private void ForgetChunk(ChunkAddress address)
    {
        if (chunks.Remove(address, out var chunk))
        {
            // The array may linger until the GC reuses it; its bytes need not.
            CryptographicOperations.ZeroMemory(chunk.Bytes);
            chunkBytes -= chunk.Bytes.Length;
        }
    }
}
