using System.Security.Cryptography;
using System.Text;
using Offline.Protocol.Primitives;
using Offline.Protocol.Wire;

namespace Offline.Client.Storage;

/// <summary>
/// The client's local storage: named records, each in its own file under `records/`, encrypted with
/// a random data key that only the passphrase unlocks (<see cref="VaultHeader"/>). A file's name is
/// HMAC(name key, record name), so names leak nothing; its content is
/// version 0x01 || nonce (12) || AES-256-GCM(record key, nonce, padded(name length (uint16) || name || value), AD = file name),
/// padded like protocol messages so sizes say little. Writes are atomic (temporary file, flush, rename).
/// </summary>
public sealed class EncryptedStore : IDisposable
{
    private const string VaultFile = "vault";
    private const string RecordsDirectory = "records";
    private const byte RecordVersion = 1;
    private static readonly byte[] NameKeyInfo = Encoding.ASCII.GetBytes("Offline/Store/Names/v1");
    private static readonly byte[] RecordKeyInfo = Encoding.ASCII.GetBytes("Offline/Store/Records/v1");
    private static readonly byte[] HandoffKeyInfo = Encoding.ASCII.GetBytes("Offline/Handoff/v1");

    private readonly string records;
    private readonly byte[] nameKey = new byte[32];
    private readonly byte[] recordKey = new byte[32];
    private readonly byte[] handoffKey = new byte[32];

    private EncryptedStore(string home, byte[] dataKey)
    {
        Home = home;
        records = Path.Combine(home, RecordsDirectory);
        HkdfSha256.DeriveKey(dataKey, [], NameKeyInfo, nameKey);
        HkdfSha256.DeriveKey(dataKey, [], RecordKeyInfo, recordKey);
        HkdfSha256.DeriveKey(dataKey, [], HandoffKeyInfo, handoffKey);
        CryptographicOperations.ZeroMemory(dataKey);
    }

    public string Home { get; }

    public static bool Exists(string home) => File.Exists(Path.Combine(home, VaultFile));

    public static EncryptedStore Create(string home, string passphrase)
    {
        ArgumentException.ThrowIfNullOrEmpty(passphrase);
        if (Exists(home))
        {
            throw new StoreException(StoreError.AlreadyInitialized);
        }

        Directory.CreateDirectory(Path.Combine(home, RecordsDirectory));
        var dataKey = RandomNumberGenerator.GetBytes(32);
        WriteAtomically(Path.Combine(home, VaultFile), VaultHeader.Seal(passphrase, dataKey).Bytes);
        return new EncryptedStore(home, dataKey);
    }

    public static EncryptedStore Open(string home, string passphrase)
    {
        var vault = Path.Combine(home, VaultFile);
        if (!File.Exists(vault))
        {
            throw new StoreException(StoreError.NotInitialized);
        }

        return new EncryptedStore(home, VaultHeader.Unseal(File.ReadAllBytes(vault), passphrase));
    }

    /// <summary>Re-wraps the data key under a new passphrase; records are untouched.</summary>
    public static void ChangePassphrase(string home, string oldPassphrase, string newPassphrase)
    {
        ArgumentException.ThrowIfNullOrEmpty(newPassphrase);
        var vault = Path.Combine(home, VaultFile);
        if (!File.Exists(vault))
        {
            throw new StoreException(StoreError.NotInitialized);
        }

        var dataKey = VaultHeader.Unseal(File.ReadAllBytes(vault), oldPassphrase);
        try
        {
            WriteAtomically(vault, VaultHeader.Seal(newPassphrase, dataKey).Bytes);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(dataKey);
        }
    }

    /// <summary>
    /// The handoff key of the home at <paramref name="home"/>, unwrapped read-only from the vault (no lock
    /// needed): a command proves with it, to the process holding the home, that it knows the passphrase
    /// (docs/CLI.md, "Sending while a client is online"). A wrong passphrase throws as <see cref="Open"/>
    /// does. The caller zeroes the key.
    /// </summary>
    public static byte[] DeriveHandoffKey(string home, string passphrase)
    {
        var vault = Path.Combine(home, VaultFile);
        if (!File.Exists(vault))
        {
            throw new StoreException(StoreError.NotInitialized);
        }

        var dataKey = VaultHeader.Unseal(File.ReadAllBytes(vault), passphrase);
        try
        {
            var key = new byte[32];
            HkdfSha256.DeriveKey(dataKey, [], HandoffKeyInfo, key);
            return key;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(dataKey);
        }
    }

    /// <summary>HMAC-SHA256 of <paramref name="message"/> under this home's handoff key.</summary>
    public void SignHandoff(ReadOnlySpan<byte> message, Span<byte> mac) => HmacSha256.Compute(handoffKey, message, mac);

    /// <summary>True when <paramref name="mac"/> is the handoff key's HMAC of <paramref name="message"/> (constant-time).</summary>
    public bool VerifyHandoff(ReadOnlySpan<byte> message, ReadOnlySpan<byte> mac)
    {
        Span<byte> expected = stackalloc byte[HmacSha256.Size];
        SignHandoff(message, expected);
        var valid = mac.Length == HmacSha256.Size && CryptographicOperations.FixedTimeEquals(expected, mac);
        CryptographicOperations.ZeroMemory(expected);
        return valid;
    }

    public void Put(string name, ReadOnlySpan<byte> value)
    {
        var nameBytes = Encoding.UTF8.GetBytes(name);
        if (nameBytes.Length is 0 or > ushort.MaxValue || value.Length > ClientLimits.MaxRecordSize)
        {
            throw new ArgumentException("Record names are 1–65535 bytes and values at most 1 MiB.", nameof(name));
        }

        var plain = new byte[PaddedSize(2 + nameBytes.Length + value.Length)];
        plain[0] = (byte)(nameBytes.Length >> 8);
        plain[1] = (byte)nameBytes.Length;
        nameBytes.CopyTo(plain, 2);
        value.CopyTo(plain.AsSpan(2 + nameBytes.Length));
        plain[2 + nameBytes.Length + value.Length] = Padding.Marker;

        var fileName = FileNameOf(name);
        var file = new byte[1 + Aes256Gcm.NonceSize + plain.Length + Aes256Gcm.TagSize];
        file[0] = RecordVersion;
        RandomNumberGenerator.Fill(file.AsSpan(1, Aes256Gcm.NonceSize));
        Aes256Gcm.Seal(recordKey, file.AsSpan(1, Aes256Gcm.NonceSize), plain, Encoding.ASCII.GetBytes(fileName), file.AsSpan(1 + Aes256Gcm.NonceSize));
        CryptographicOperations.ZeroMemory(plain);
        WriteAtomically(Path.Combine(records, fileName), file);
    }

    public void PutText(string name, string value) => Put(name, Encoding.UTF8.GetBytes(value));

    /// <summary>The value, or null if there is no such record. A damaged or swapped file throws (Corrupt).</summary>
    public byte[]? Get(string name)
    {
        var fileName = FileNameOf(name);
        var path = Path.Combine(records, fileName);
        if (!File.Exists(path))
        {
            return null;
        }

        var (storedName, value) = Decrypt(fileName, File.ReadAllBytes(path));
        return storedName == name ? value : throw new StoreException(StoreError.Corrupt);
    }

    public string? GetText(string name) => Get(name) is { } bytes ? Encoding.UTF8.GetString(bytes) : null;

    public bool Delete(string name)
    {
        var path = Path.Combine(records, FileNameOf(name));
        if (!File.Exists(path))
        {
            return false;
        }

        File.Delete(path);
        return true;
    }

    /// <summary>Names of all records starting with <paramref name="prefix"/>, sorted. Decrypts every record.</summary>
    public IReadOnlyList<string> Names(string prefix = "")
    {
        var names = new List<string>();
        foreach (var path in Directory.EnumerateFiles(records))
        {
            var fileName = Path.GetFileName(path);
            if (fileName.EndsWith(".tmp", StringComparison.Ordinal))
            {
                continue;
            }

            var (name, _) = Decrypt(fileName, File.ReadAllBytes(path));
            if (name.StartsWith(prefix, StringComparison.Ordinal))
            {
                names.Add(name);
            }
        }

        names.Sort(StringComparer.Ordinal);
        return names;
    }

    public void Dispose()
    {
        CryptographicOperations.ZeroMemory(nameKey);
        CryptographicOperations.ZeroMemory(recordKey);
        CryptographicOperations.ZeroMemory(handoffKey);
    }

    private string FileNameOf(string name)
    {
        Span<byte> mac = stackalloc byte[HmacSha256.Size];
        HmacSha256.Compute(nameKey, Encoding.UTF8.GetBytes(name), mac);
        return Convert.ToHexStringLower(mac[..16]);
    }

    private (string Name, byte[] Value) Decrypt(string fileName, byte[] file)
    {
        if (file.Length < 1 + Aes256Gcm.NonceSize + Aes256Gcm.TagSize)
        {
            throw new StoreException(StoreError.Corrupt);
        }

        if (file[0] != RecordVersion)
        {
            throw new StoreException(StoreError.UnknownVersion);
        }

        var plain = new byte[file.Length - 1 - Aes256Gcm.NonceSize - Aes256Gcm.TagSize];
        if (!Aes256Gcm.TryOpen(recordKey, file.AsSpan(1, Aes256Gcm.NonceSize), file.AsSpan(1 + Aes256Gcm.NonceSize), Encoding.ASCII.GetBytes(fileName), plain)
            || !Padding.TryUnpad(plain, out var content) || content.Length < 2)
        {
            throw new StoreException(StoreError.Corrupt);
        }

        var nameLength = (content[0] << 8) | content[1];
        if (content.Length < 2 + nameLength)
        {
            throw new StoreException(StoreError.Corrupt);
        }

        var result = (Encoding.UTF8.GetString(content.Slice(2, nameLength)), content[(2 + nameLength)..].ToArray());
        CryptographicOperations.ZeroMemory(plain);
        return result;
    }

    /// <summary>The protocol's buckets, then whole multiples of 64 KiB for larger records.</summary>
    private static int PaddedSize(int contentLength)
    {
        var bucket = Padding.PaddedLength(contentLength, 0);
        return bucket > 0 ? bucket : ((contentLength / Offline.Protocol.Limits.MaxBucket) + 1) * Offline.Protocol.Limits.MaxBucket;
    }

    private static void WriteAtomically(string path, byte[] content)
    {
        var temporary = path + ".tmp";
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            stream.Write(content);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, path, overwrite: true);
    }
}
