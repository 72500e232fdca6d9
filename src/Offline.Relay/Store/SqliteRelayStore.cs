using System.Diagnostics.CodeAnalysis;
using Microsoft.Data.Sqlite;

namespace Offline.Relay.Store;

/// <summary>
/// The durable store: one SQLite file. Chosen so nothing outlives its deletion on disk:
/// secure_delete overwrites freed content with zeros, and the rollback journal (DELETE mode) is
/// removed at each commit, so after an ack the ciphertext is in neither the file nor a journal
/// (WAL mode would keep old page images in the -wal file until it is overwritten).
/// synchronous=FULL makes every acknowledged change survive a crash or kill -9.
/// One connection, one operation at a time.
/// </summary>
internal sealed partial class SqliteRelayStore : IRelayStore
{
    private static readonly string[] Schema =
    [
        "PRAGMA journal_mode=DELETE",
        "PRAGMA secure_delete=ON",
        "PRAGMA synchronous=FULL",
        "PRAGMA temp_store=MEMORY",
        "CREATE TABLE IF NOT EXISTS queues (address BLOB PRIMARY KEY, auth_hash BLOB NOT NULL, inactivity_days INTEGER NOT NULL, expiry_day INTEGER NOT NULL, is_intro INTEGER NOT NULL, quota_day INTEGER NOT NULL DEFAULT 0, quota_count INTEGER NOT NULL DEFAULT 0)",
        "CREATE TABLE IF NOT EXISTS messages (seq INTEGER PRIMARY KEY, address BLOB NOT NULL, id INTEGER NOT NULL, ciphertext BLOB NOT NULL, expiry_day INTEGER NOT NULL)",
        "CREATE INDEX IF NOT EXISTS messages_by_queue ON messages (address, id)",
        "CREATE TABLE IF NOT EXISTS directory (fingerprint BLOB PRIMARY KEY, bundle BLOB NOT NULL, intro_address BLOB NOT NULL)",
        "CREATE TABLE IF NOT EXISTS prekeys (seq INTEGER PRIMARY KEY, fingerprint BLOB NOT NULL, prekey BLOB NOT NULL)",
        "CREATE INDEX IF NOT EXISTS prekeys_by_id ON prekeys (fingerprint)",
        "CREATE TABLE IF NOT EXISTS chunks (address BLOB PRIMARY KEY, fetches INTEGER NOT NULL, expiry_day INTEGER NOT NULL, chunk BLOB NOT NULL)",
    ];

    private readonly SqliteConnection connection;
    private readonly SemaphoreSlim gate = new(1, 1);
    private long totalBytes;

    private SqliteRelayStore(SqliteConnection connection)
    {
        this.connection = connection;
    }

    public static SqliteRelayStore Open(string path)
    {
        var directory = System.IO.Path.GetDirectoryName(path);
        if (!string.IsNullOrEmpty(directory))
        {
            System.IO.Directory.CreateDirectory(directory);
        }

        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        var store = new SqliteRelayStore(connection);
        foreach (var statement in Schema)
        {
            store.Execute(statement);
        }

        store.totalBytes = store.Scalar("SELECT COALESCE(SUM(length(ciphertext)), 0) FROM messages");
        store.chunkBytes = store.Scalar("SELECT COALESCE(SUM(length(chunk)), 0) FROM chunks");
        return store;
    }

    public async ValueTask DisposeAsync()
    {
        await gate.WaitAsync();
        try
        {
            await connection.DisposeAsync();
        }
        finally
        {
            gate.Release();
        }

        gate.Dispose();
    }

    private async Task<T> LockedAsync<T>(Func<T> action, CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken);
        try
        {
            return action();
        }
        finally
        {
            gate.Release();
        }
    }

    private int Execute(string sql, params (string Name, object Value)[] parameters)
    {
        using var command = Command(sql, parameters);
        return command.ExecuteNonQuery();
    }

    private long Scalar(string sql, params (string Name, object Value)[] parameters)
    {
        using var command = Command(sql, parameters);
        return Convert.ToInt64(command.ExecuteScalar() ?? 0L, System.Globalization.CultureInfo.InvariantCulture);
    }

    [SuppressMessage("Security", "CA2100", Justification = "Every statement is a constant in this class; values travel as parameters.")]
    private SqliteCommand Command(string sql, (string Name, object Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return command;
    }

    private T InTransaction<T>(Func<T> action)
    {
        using var transaction = connection.BeginTransaction();
        var result = action();
        transaction.Commit();
        return result;
    }
}
