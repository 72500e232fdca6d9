using System.Security.Cryptography;

namespace Offline.Relay.Store;

/// <summary>
/// The attachment chunks, one row each: address, remaining fetches, expiry day, bytes. Deleted rows
/// go the way acknowledged messages go: secure_delete zeroes the freed pages (a 16 KiB chunk spans
/// overflow pages) and the rollback journal is removed at each commit.
/// </summary>
internal sealed partial class SqliteRelayStore
{
    private long chunkBytes;

    /// <summary>Chunks held, for tests.</summary>
    internal long ChunkCount => Scalar("SELECT COUNT(*) FROM chunks");

    public Task<PutChunkOutcome> PutChunkAsync(StoredChunk chunk, long maxStoreBytes, uint today, CancellationToken cancellationToken) => LockedAsync(() => InTransaction(() =>
    {
        var address = chunk.Address.ToBytes();
        var (existing, expiryDay) = FindChunk(address);
        if (existing is not null && expiryDay >= today)
        {
            return CryptographicOperations.FixedTimeEquals(existing, chunk.Bytes) ? PutChunkOutcome.AlreadyStored : PutChunkOutcome.Taken;
        }

        if (existing is not null)
        {
            // Expired but not swept yet: it is already absent, so the address is free.
            DeleteChunk(address, existing.Length);
        }

        if (chunkBytes + chunk.Bytes.Length > maxStoreBytes)
        {
            return PutChunkOutcome.StoreFull;
        }

        Execute("INSERT INTO chunks (address, fetches, expiry_day, chunk) VALUES ($a, $f, $e, $c)", ("$a", address), ("$f", chunk.Fetches), ("$e", (long)chunk.ExpiryDay), ("$c", chunk.Bytes));
        chunkBytes += chunk.Bytes.Length;
        return PutChunkOutcome.Stored;
    }), cancellationToken);

    public Task<byte[]?> GetChunkAsync(ChunkAddress address, uint today, CancellationToken cancellationToken) => LockedAsync(() =>
    {
        var (bytes, expiryDay) = FindChunk(address.ToBytes());
        return expiryDay >= today ? bytes : null;
    }, cancellationToken);

    public Task<bool> ReleaseChunkAsync(ChunkAddress address, uint today, CancellationToken cancellationToken) => LockedAsync(() => InTransaction(() =>
    {
        var bytes = address.ToBytes();
        using var command = Command("SELECT fetches, expiry_day, length(chunk) FROM chunks WHERE address = $a", [("$a", bytes)]);
        using var reader = command.ExecuteReader();
        if (!reader.Read())
        {
            return false;
        }

        var (fetches, expiryDay, size) = (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
        reader.Close();
        if (fetches > 1 && expiryDay >= today)
        {
            Execute("UPDATE chunks SET fetches = fetches - 1 WHERE address = $a", ("$a", bytes));
        }
        else
        {
            DeleteChunk(bytes, size);
        }

        return true;
    }), cancellationToken);

    /// <summary>Inside the sweep's transaction: deletes the chunks whose expiry day is before <paramref name="today"/>.</summary>
    private int SweepChunks((string Name, object Value) today)
    {
        var swept = Execute("DELETE FROM chunks WHERE expiry_day < $t", today);
        chunkBytes = Scalar("SELECT COALESCE(SUM(length(chunk)), 0) FROM chunks");
        return swept;
    }

    private (byte[]? Bytes, long ExpiryDay) FindChunk(byte[] address)
    {
        using var command = Command("SELECT chunk, expiry_day FROM chunks WHERE address = $a", [("$a", address)]);
        using var reader = command.ExecuteReader();
        return reader.Read() ? ((byte[])reader[0], reader.GetInt64(1)) : (null, -1);
    }

    private void DeleteChunk(byte[] address, long size)
    {
        if (Execute("DELETE FROM chunks WHERE address = $a", ("$a", address)) > 0)
        {
            chunkBytes -= size;
        }
    }
}
