using Microsoft.Data.Sqlite;

namespace Offline.Relay.Store;

/// <summary>The queue and message operations, each one transaction.</summary>
internal sealed partial class SqliteRelayStore
{
    public Task<CreateQueueOutcome> CreateQueueAsync(QueueRecord queue, CancellationToken cancellationToken) => LockedAsync(() => InTransaction(() =>
    {
        var existing = FindQueue(queue.Address, 0);
        if (existing is null)
        {
            Execute("INSERT INTO queues (address, auth_hash, inactivity_days, expiry_day, is_intro) VALUES ($a, $h, $d, $e, 0)", ("$a", queue.Address.ToBytes()), ("$h", queue.OwnerAuthHash), ("$d", (int)queue.InactivityDays), ("$e", (long)queue.ExpiryDay));
            return CreateQueueOutcome.Created;
        }

        if (existing.IsIntroduction || !existing.OwnerAuthHash.AsSpan().SequenceEqual(queue.OwnerAuthHash))
        {
            return CreateQueueOutcome.Taken;
        }

        Execute("UPDATE queues SET inactivity_days = $d, expiry_day = MAX(expiry_day, $e) WHERE address = $a", ("$a", queue.Address.ToBytes()), ("$d", (int)queue.InactivityDays), ("$e", (long)queue.ExpiryDay));
        return CreateQueueOutcome.Refreshed;
    }), cancellationToken);

    public Task<QueueRecord?> FindQueueAsync(QueueAddress address, uint today, CancellationToken cancellationToken) =>
        LockedAsync(() => FindQueue(address, today), cancellationToken);

    public Task TouchQueueAsync(QueueAddress address, uint expiryDay, CancellationToken cancellationToken) => LockedAsync(
        () => Execute("UPDATE queues SET expiry_day = $e WHERE address = $a AND expiry_day < $e", ("$a", address.ToBytes()), ("$e", (long)expiryDay)),
        cancellationToken);

    public Task<bool> DeleteQueueAsync(QueueAddress address, CancellationToken cancellationToken) =>
        LockedAsync(() => InTransaction(() => DeleteQueue(address.ToBytes())), cancellationToken);

    public Task<EnqueueOutcome> EnqueueAsync(QueueAddress address, StoredMessage message, EnqueueQuota quota, CancellationToken cancellationToken) => LockedAsync(() => InTransaction(() =>
    {
        var bytes = address.ToBytes();
        var outcome = Admit(bytes, message.Ciphertext.Length, quota);
        if (outcome == EnqueueOutcome.Enqueued)
        {
            Execute("INSERT INTO messages (address, id, ciphertext, expiry_day) VALUES ($a, $i, $c, $e)", ("$a", bytes), ("$i", unchecked((long)message.Id)), ("$c", message.Ciphertext), ("$e", (long)message.ExpiryDay));
            totalBytes += message.Ciphertext.Length;
        }

        return outcome;
    }), cancellationToken);

    public Task<IReadOnlyList<StoredMessage>> PendingAsync(QueueAddress address, uint today, int max, CancellationToken cancellationToken) => LockedAsync<IReadOnlyList<StoredMessage>>(() =>
    {
        using var command = Command("SELECT id, ciphertext, expiry_day FROM messages WHERE address = $a AND expiry_day >= $t ORDER BY seq LIMIT $n", [("$a", address.ToBytes()), ("$t", (long)today), ("$n", max)]);
        using var reader = command.ExecuteReader();
        var pending = new List<StoredMessage>();
        while (reader.Read())
        {
            pending.Add(new StoredMessage(unchecked((ulong)reader.GetInt64(0)), (byte[])reader[1], (uint)reader.GetInt64(2)));
        }

        return pending;
    }, cancellationToken);

    public Task<bool> AckAsync(QueueAddress address, ulong messageId, CancellationToken cancellationToken) => LockedAsync(() =>
    {
        var parameters = new[] { ("$a", (object)address.ToBytes()), ("$i", unchecked((long)messageId)) };
        var size = Scalar("SELECT COALESCE(SUM(length(ciphertext)), 0) FROM messages WHERE address = $a AND id = $i", parameters);
        var deleted = Execute("DELETE FROM messages WHERE address = $a AND id = $i", parameters) > 0;
        totalBytes -= size;
        return deleted;
    }, cancellationToken);

    public Task<SweepResult> SweepAsync(uint today, CancellationToken cancellationToken) => LockedAsync(() => InTransaction(() =>
    {
        var t = ("$t", (object)(long)today);
        var messages = Execute("DELETE FROM messages WHERE expiry_day < $t OR address IN (SELECT address FROM queues WHERE expiry_day < $t)", t);
        var queues = Execute("DELETE FROM queues WHERE expiry_day < $t", t);
        Execute("DELETE FROM prekeys WHERE fingerprint IN (SELECT fingerprint FROM directory WHERE intro_address NOT IN (SELECT address FROM queues))");
        var entries = Execute("DELETE FROM directory WHERE intro_address NOT IN (SELECT address FROM queues)");
        totalBytes = Scalar("SELECT COALESCE(SUM(length(ciphertext)), 0) FROM messages");
        return new SweepResult(messages, queues, entries, SweepChunks(t));
    }), cancellationToken);

    /// <summary>Undelivered messages held, for tests.</summary>
    internal long MessageCount => Scalar("SELECT COUNT(*) FROM messages");

    private QueueRecord? FindQueue(QueueAddress address, uint today)
    {
        using var command = Command("SELECT auth_hash, inactivity_days, expiry_day, is_intro FROM queues WHERE address = $a AND expiry_day >= $t", [("$a", address.ToBytes()), ("$t", (long)today)]);
        using var reader = command.ExecuteReader();
        return reader.Read()
            ? new QueueRecord(address, (byte[])reader[0], (ushort)reader.GetInt32(1), (uint)reader.GetInt64(2), reader.GetInt64(3) != 0)
            : null;
    }

    private bool DeleteQueue(byte[] address)
    {
        var size = Scalar("SELECT COALESCE(SUM(length(ciphertext)), 0) FROM messages WHERE address = $a", ("$a", address));
        Execute("DELETE FROM messages WHERE address = $a", ("$a", address));
        totalBytes -= size;
        return Execute("DELETE FROM queues WHERE address = $a", ("$a", address)) > 0;
    }

    private EnqueueOutcome Admit(byte[] address, int size, EnqueueQuota quota)
    {
        using var command = Command("SELECT is_intro, quota_day, quota_count, (SELECT COUNT(*) FROM messages m WHERE m.address = q.address), (SELECT COALESCE(SUM(length(ciphertext)), 0) FROM messages m WHERE m.address = q.address) FROM queues q WHERE address = $a AND expiry_day >= $t", [("$a", address), ("$t", (long)quota.Today)]);
        using var reader = command.ExecuteReader();
        if (!reader.Read())
        {
            return EnqueueOutcome.NoQueue;
        }

        var (isIntro, quotaDay, quotaCount, pending, bytes) = (reader.GetInt64(0) != 0, reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4));
        reader.Close();
        if (totalBytes + size > quota.MaxStoreBytes)
        {
            return EnqueueOutcome.StoreFull;
        }

        if (pending >= quota.MaxPending || bytes + size > quota.MaxQueueBytes)
        {
            return EnqueueOutcome.QueueFull;
        }

        if (isIntro)
        {
            quotaCount = quotaDay == quota.Today ? quotaCount : 0;
            if (quotaCount >= quota.MaxPerDay)
            {
                return EnqueueOutcome.DailyCapReached;
            }

            Execute("UPDATE queues SET quota_day = $t, quota_count = $c WHERE address = $a", ("$a", address), ("$t", (long)quota.Today), ("$c", quotaCount + 1));
        }

        return EnqueueOutcome.Enqueued;
    }
}
