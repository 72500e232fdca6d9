namespace Offline.Relay.Store;

/// <summary>The directory operations (publish, fetch, top-up), each one transaction.</summary>
internal sealed partial class SqliteRelayStore
{
    public Task PublishAsync(DirectoryEntry entry, CancellationToken cancellationToken) => LockedAsync(() => InTransaction(() =>
    {
        var intro = entry.IntroductionQueue;
        var address = intro.Address.ToBytes();
        var existing = FindQueue(intro.Address, 0);
        if (existing is not null && !existing.IsIntroduction)
        {
            // A conversation queue squatting on the address loses it: nothing in it was stamped.
            DeleteQueue(address);
            existing = null;
        }

        if (existing is null)
        {
            Execute("INSERT INTO queues (address, auth_hash, inactivity_days, expiry_day, is_intro) VALUES ($a, $h, $d, $e, 1)", ("$a", address), ("$h", intro.OwnerAuthHash), ("$d", (int)intro.InactivityDays), ("$e", (long)intro.ExpiryDay));
        }
        else
        {
            Execute("UPDATE queues SET auth_hash = $h, inactivity_days = $d, expiry_day = $e WHERE address = $a", ("$a", address), ("$h", intro.OwnerAuthHash), ("$d", (int)intro.InactivityDays), ("$e", (long)intro.ExpiryDay));
        }

        Execute("INSERT OR REPLACE INTO directory (fingerprint, bundle, intro_address) VALUES ($f, $b, $a)", ("$f", entry.Fingerprint), ("$b", entry.BaseBundle), ("$a", address));
        Execute("DELETE FROM prekeys WHERE fingerprint = $f", ("$f", entry.Fingerprint));
        foreach (var prekey in entry.OneTimePrekeys)
        {
            InsertPrekey(entry.Fingerprint, prekey);
        }

        return true;
    }), cancellationToken);

    public Task<FetchedBundle?> FetchBundleAsync(byte[] fingerprint, uint today, CancellationToken cancellationToken) => LockedAsync(() => InTransaction(() =>
    {
        if (FindBundle(fingerprint, today) is not { } bundle)
        {
            return null;
        }

        using var take = Command("SELECT seq, prekey FROM prekeys WHERE fingerprint = $f ORDER BY seq LIMIT 1", [("$f", fingerprint)]);
        using var reader = take.ExecuteReader();
        if (!reader.Read())
        {
            return new FetchedBundle(bundle, null);
        }

        var (seq, prekey) = (reader.GetInt64(0), (byte[])reader[1]);
        reader.Close();
        Execute("DELETE FROM prekeys WHERE seq = $s", ("$s", seq));
        return new FetchedBundle(bundle, prekey);
    }), cancellationToken);

    public Task<byte[]?> FindBundleAsync(byte[] fingerprint, uint today, CancellationToken cancellationToken) =>
        LockedAsync(() => FindBundle(fingerprint, today), cancellationToken);

    public Task<TopUpResult> TopUpPrekeysAsync(byte[] fingerprint, uint today, IReadOnlyList<StoredPrekey> prekeys, int max, CancellationToken cancellationToken) => LockedAsync(() => InTransaction(() =>
    {
        if (FindBundle(fingerprint, today) is null)
        {
            return TopUpResult.NoEntry;
        }

        // Checked and appended in one transaction under the store's lock, so two top-ups at once cannot pass the limit together.
        var held = HeldPrekeyIds(fingerprint);
        var added = StoredPrekey.NotHeld(held, prekeys);
        if (held.Count + added.Count > max)
        {
            return new TopUpResult(TopUpOutcome.OverLimit, held, added.Count);
        }

        // seq is the rowid: each new row gets one above the largest, so appended prekeys go out after the held ones.
        foreach (var prekey in added)
        {
            InsertPrekey(fingerprint, prekey.Encoded);
            held.Add(prekey.Id);
        }

        return new TopUpResult(TopUpOutcome.ToppedUp, held, added.Count);
    }), cancellationToken);

    /// <summary>The live entry's base bundle: its introduction mailbox (with which it lives and expires) has not expired.</summary>
    private byte[]? FindBundle(byte[] fingerprint, uint today)
    {
        using var find = Command("SELECT d.bundle FROM directory d JOIN queues q ON q.address = d.intro_address WHERE d.fingerprint = $f AND q.expiry_day >= $t", [("$f", fingerprint), ("$t", (long)today)]);
        return find.ExecuteScalar() as byte[];
    }

    /// <summary>The held one-time prekeys' ids in hand-out order, read from the stored prekeys (the table has no id column).</summary>
    private List<uint> HeldPrekeyIds(byte[] fingerprint)
    {
        using var command = Command("SELECT prekey FROM prekeys WHERE fingerprint = $f ORDER BY seq", [("$f", fingerprint)]);
        using var reader = command.ExecuteReader();
        var ids = new List<uint>();
        while (reader.Read())
        {
            ids.Add(StoredPrekey.FromEncoded((byte[])reader[0]).Id);
        }

        return ids;
    }

    private void InsertPrekey(byte[] fingerprint, byte[] prekey) =>
        Execute("INSERT INTO prekeys (fingerprint, prekey) VALUES ($f, $p)", ("$f", fingerprint), ("$p", prekey));
}
