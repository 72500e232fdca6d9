using System.Buffers.Binary;
using System.Numerics;
using System.Security.Cryptography;
using System.Text;

namespace Offline.Protocol.Wire;

/// <summary>
/// The proof-of-work stamp for a send to an introduction mailbox: a nonce such that
/// SHA-256("Offline/Stamp/v1" || address || SHA-256(ciphertext) || nonce (8, big-endian)) starts
/// with at least the relay's difficulty in zero bits. Binding the stamp to the address and the
/// ciphertext means one stamp buys exactly one message to one mailbox.
/// </summary>
public static class ProofOfWorkStamp
{
    private static readonly byte[] Label = Encoding.ASCII.GetBytes("Offline/Stamp/v1");

    private static int InputSize => Label.Length + RelayWire.AddressSize + RelayWire.HashSize + RelayWire.StampNonceSize;

    /// <summary>The stamp hash for this nonce; the relay remembers it to refuse a reused stamp.</summary>
    public static byte[] Hash(ReadOnlySpan<byte> address, ReadOnlySpan<byte> ciphertext, ulong nonce)
    {
        Span<byte> input = stackalloc byte[InputSize];
        var nonceSpan = Prepare(input, address, ciphertext);
        BinaryPrimitives.WriteUInt64BigEndian(nonceSpan, nonce);
        return SHA256.HashData(input);
    }

    /// <summary>Leading zero bits of a hash.</summary>
    public static int LeadingZeroBits(ReadOnlySpan<byte> hash)
    {
        var bits = 0;
        foreach (var b in hash)
        {
            if (b != 0)
            {
                return bits + BitOperations.LeadingZeroCount((uint)b) - 24;
            }

            bits += 8;
        }

        return bits;
    }

    /// <summary>True when <paramref name="nonce"/> meets <paramref name="difficultyBits"/>.</summary>
    public static bool Verify(ReadOnlySpan<byte> address, ReadOnlySpan<byte> ciphertext, ulong nonce, int difficultyBits) =>
        LeadingZeroBits(Hash(address, ciphertext, nonce)) >= difficultyBits;

    /// <summary>Searches nonces from <paramref name="start"/> upward; expected 2^difficulty hashes.</summary>
    public static ulong Mint(ReadOnlySpan<byte> address, ReadOnlySpan<byte> ciphertext, int difficultyBits, ulong start = 0)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(difficultyBits, 64);
        Span<byte> input = stackalloc byte[InputSize];
        Span<byte> hash = stackalloc byte[RelayWire.HashSize];
        var nonceSpan = Prepare(input, address, ciphertext);
        for (var nonce = start; ; nonce++)
        {
            BinaryPrimitives.WriteUInt64BigEndian(nonceSpan, nonce);
            SHA256.HashData(input, hash);
            if (LeadingZeroBits(hash) >= difficultyBits)
            {
                return nonce;
            }
        }
    }

    private static Span<byte> Prepare(Span<byte> input, ReadOnlySpan<byte> address, ReadOnlySpan<byte> ciphertext)
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(address.Length, RelayWire.AddressSize, nameof(address));
        Label.CopyTo(input);
        address.CopyTo(input[Label.Length..]);
        SHA256.HashData(ciphertext, input.Slice(Label.Length + RelayWire.AddressSize, RelayWire.HashSize));
        return input[^RelayWire.StampNonceSize..];
    }
}
