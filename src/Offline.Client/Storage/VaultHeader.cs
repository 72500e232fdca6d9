using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Argon2Parameters = NSec.Cryptography.Argon2Parameters;
using PasswordBasedKeyDerivationAlgorithm = NSec.Cryptography.PasswordBasedKeyDerivationAlgorithm;
using Offline.Protocol.Primitives;

namespace Offline.Client.Storage;

/// <summary>
/// The one file that unlocks a home directory (`vault`, 106 bytes):
/// magic "OFFLINEV" || version 0x01 || KDF 0x01 (Argon2id) || memory KiB (uint32) || passes (uint32)
/// || lanes (uint32) || salt (16) || nonce (12) || AES-256-GCM(passphrase key, nonce, data key (32), AD = all bytes before the nonce).
/// The passphrase key is Argon2id(passphrase as UTF-8, salt); the random data key encrypts everything else.
/// </summary>
internal sealed class VaultHeader
{
    public const byte Version = 1;
    public const byte Argon2id = 1;
    private const int ParametersEnd = 8 + 2 + 12 + ClientLimits.PassphraseSaltSize;
    public const int Size = ParametersEnd + Aes256Gcm.NonceSize + 32 + Aes256Gcm.TagSize;
    private static readonly byte[] Magic = Encoding.ASCII.GetBytes("OFFLINEV");

    private VaultHeader(byte[] bytes)
    {
        Bytes = bytes;
    }

    public byte[] Bytes { get; }

    /// <summary>Wraps <paramref name="dataKey"/> under a fresh salt and nonce.</summary>
    public static VaultHeader Seal(string passphrase, ReadOnlySpan<byte> dataKey)
    {
        var bytes = new byte[Size];
        Magic.CopyTo(bytes, 0);
        bytes[8] = Version;
        bytes[9] = Argon2id;
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(10), ClientLimits.PassphraseMemoryKib);
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(14), ClientLimits.PassphrasePasses);
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(18), ClientLimits.PassphraseParallelism);
        RandomNumberGenerator.Fill(bytes.AsSpan(22, ClientLimits.PassphraseSaltSize));
        RandomNumberGenerator.Fill(bytes.AsSpan(ParametersEnd, Aes256Gcm.NonceSize));
        var key = DeriveKey(passphrase, bytes);
        try
        {
            Aes256Gcm.Seal(key, bytes.AsSpan(ParametersEnd, Aes256Gcm.NonceSize), dataKey, bytes.AsSpan(0, ParametersEnd), bytes.AsSpan(ParametersEnd + Aes256Gcm.NonceSize));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }

        return new VaultHeader(bytes);
    }

    /// <summary>Returns the data key, or throws <see cref="StoreException"/> (wrong passphrase, corrupt, newer version).</summary>
    public static byte[] Unseal(ReadOnlySpan<byte> bytes, string passphrase)
    {
        if (bytes.Length < 9 || !bytes[..8].SequenceEqual(Magic))
        {
            throw new StoreException(StoreError.Corrupt);
        }

        if (bytes[8] != Version || bytes.Length < 10 || bytes[9] != Argon2id)
        {
            throw new StoreException(StoreError.UnknownVersion);
        }

        if (bytes.Length != Size)
        {
            throw new StoreException(StoreError.Corrupt);
        }

        var key = DeriveKey(passphrase, bytes);
        var dataKey = new byte[32];
        try
        {
            if (!Aes256Gcm.TryOpen(key, bytes.Slice(ParametersEnd, Aes256Gcm.NonceSize), bytes[(ParametersEnd + Aes256Gcm.NonceSize)..], bytes[..ParametersEnd], dataKey))
            {
                throw new StoreException(StoreError.WrongPassphrase);
            }

            return dataKey;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    private static byte[] DeriveKey(string passphrase, ReadOnlySpan<byte> header)
    {
        var memory = BinaryPrimitives.ReadUInt32BigEndian(header[10..]);
        var passes = BinaryPrimitives.ReadUInt32BigEndian(header[14..]);
        var lanes = BinaryPrimitives.ReadUInt32BigEndian(header[18..]);

        // Bounds keep a tampered header from demanding absurd memory or time before the tag is checked.
        if (memory is < 8192 or > 4 * 1024 * 1024 || passes is < 1 or > 64 || lanes != 1)
        {
            throw new StoreException(StoreError.Corrupt);
        }

        var algorithm = PasswordBasedKeyDerivationAlgorithm.Argon2id(new Argon2Parameters
        {
            MemorySize = memory,
            NumberOfPasses = passes,
            DegreeOfParallelism = (int)lanes,
        });
        return algorithm.DeriveBytes(passphrase, header.Slice(22, ClientLimits.PassphraseSaltSize), 32);
    }
}
