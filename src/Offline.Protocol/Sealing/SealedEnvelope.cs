using System.Security.Cryptography;
using System.Text;
using Offline.Protocol.Identity;
using Offline.Protocol.Primitives;

namespace Offline.Protocol.Sealing;

/// <summary>
/// Sealed sender: the relay sees only the destination queue; who sent the envelope is inside it.
/// Layout: version 0x01 || ephemeral key (65) || sender box (131 + 16) || content box (n + 16).
/// (1) e = DH(ephemeral, recipient DH key); (chain, k1, n1) = HKDF(salt = recipient key || ephemeral key, ikm = e,
///     info = "Offline/Seal/Ephemeral/v1", 76); sender box = AES-GCM(k1, n1, sender identity, AD = version || ephemeral key).
/// (2) s = DH(sender DH key, recipient DH key); (k2, n2) = HKDF(salt = chain || sender box, ikm = s,
///     info = "Offline/Seal/Static/v1", 44); content box = AES-GCM(k2, n2, content, AD = version || ephemeral key || sender box).
/// Opening the content box proves the sender holds the identity named in the sender box.
/// </summary>
public static class SealedEnvelope
{
    public const byte Version = 1;
    public const int Overhead = 1 + P256PublicKey.EncodedSize + IdentityPublicKeys.EncodedSize + (2 * Aes256Gcm.TagSize);

    private const int SenderBoxSize = IdentityPublicKeys.EncodedSize + Aes256Gcm.TagSize;
    private const int KeyNonce = Aes256Gcm.KeySize + Aes256Gcm.NonceSize;
    private static readonly byte[] EphemeralInfo = Encoding.ASCII.GetBytes("Offline/Seal/Ephemeral/v1");
    private static readonly byte[] StaticInfo = Encoding.ASCII.GetBytes("Offline/Seal/Static/v1");

    /// <summary>Seals <paramref name="content"/>; draws one ephemeral scalar from <paramref name="random"/>.</summary>
    public static byte[] Seal(IdentityKeyPair sender, IdentityPublicKeys recipient, ReadOnlySpan<byte> content, IRandomSource random)
    {
        using var ephemeral = P256KeyPair.Generate(random);
        var envelope = new byte[Overhead + content.Length];
        envelope[0] = Version;
        ephemeral.PublicKey.Encoded.CopyTo(envelope.AsSpan(1));
        var prefix = envelope.AsSpan(0, 1 + P256PublicKey.EncodedSize);
        Span<byte> first = stackalloc byte[32 + KeyNonce];
        Span<byte> second = stackalloc byte[KeyNonce];
        try
        {
            DeriveFirst(ephemeral, recipient.DhKey, ephemeral.PublicKey, recipient.DhKey, first);
            var senderBox = envelope.AsSpan(prefix.Length, SenderBoxSize);
            Aes256Gcm.Seal(first.Slice(32, 32), first[64..], sender.PublicKeys.Encoded, prefix, senderBox);
            DeriveSecond(sender.Dh, recipient.DhKey, first[..32], senderBox, second);
            Aes256Gcm.Seal(second[..32], second[32..], content, envelope.AsSpan(0, prefix.Length + SenderBoxSize), envelope.AsSpan(prefix.Length + SenderBoxSize));
            return envelope;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(first);
            CryptographicOperations.ZeroMemory(second);
        }
    }

    /// <summary>Opens an envelope addressed to <paramref name="recipient"/>; never throws on hostile bytes.</summary>
    public static ProtocolError TryOpen(IdentityKeyPair recipient, ReadOnlySpan<byte> envelope, out IdentityPublicKeys? sender, out byte[]? content)
    {
        sender = null;
        content = null;
        if (envelope.Length < Overhead)
        {
            return ProtocolError.Malformed;
        }

        if (envelope[0] != Version)
        {
            return ProtocolError.UnknownVersion;
        }

        if (!P256PublicKey.TryParse(envelope.Slice(1, P256PublicKey.EncodedSize), out var ephemeral))
        {
            return ProtocolError.InvalidPublicKey;
        }

        var prefixLength = 1 + P256PublicKey.EncodedSize;
        var senderBox = envelope.Slice(prefixLength, SenderBoxSize);
        Span<byte> first = stackalloc byte[32 + KeyNonce];
        Span<byte> second = stackalloc byte[KeyNonce];
        var senderBytes = new byte[IdentityPublicKeys.EncodedSize];
        try
        {
            DeriveFirst(recipient.Dh, ephemeral!, ephemeral!, recipient.PublicKeys.DhKey, first);
            if (!Aes256Gcm.TryOpen(first.Slice(32, 32), first[64..], senderBox, envelope[..prefixLength], senderBytes))
            {
                return ProtocolError.AuthenticationFailed;
            }

            if (!IdentityPublicKeys.TryParse(senderBytes, out var claimed, out var error))
            {
                return error;
            }

            DeriveSecond(recipient.Dh, claimed!.DhKey, first[..32], senderBox, second);
            var output = new byte[envelope.Length - Overhead];
            if (!Aes256Gcm.TryOpen(second[..32], second[32..], envelope[(prefixLength + SenderBoxSize)..], envelope[..(prefixLength + SenderBoxSize)], output))
            {
                return ProtocolError.AuthenticationFailed;
            }

            sender = claimed;
            content = output;
            return ProtocolError.None;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(first);
            CryptographicOperations.ZeroMemory(second);
        }
    }

    private static void DeriveFirst(P256KeyPair ours, P256PublicKey theirs, P256PublicKey ephemeralKey, P256PublicKey recipientKey, Span<byte> output)
    {
        Span<byte> shared = stackalloc byte[P256KeyPair.SharedSecretSize];
        Span<byte> salt = stackalloc byte[2 * P256PublicKey.EncodedSize];
        recipientKey.Encoded.CopyTo(salt);
        ephemeralKey.Encoded.CopyTo(salt[P256PublicKey.EncodedSize..]);
        ours.Agree(theirs, shared);
        HkdfSha256.DeriveKey(shared, salt, EphemeralInfo, output);
        CryptographicOperations.ZeroMemory(shared);
    }

    private static void DeriveSecond(P256KeyPair ours, P256PublicKey theirs, ReadOnlySpan<byte> chain, ReadOnlySpan<byte> senderBox, Span<byte> output)
    {
        Span<byte> shared = stackalloc byte[P256KeyPair.SharedSecretSize];
        Span<byte> salt = stackalloc byte[32 + SenderBoxSize];
        chain.CopyTo(salt);
        senderBox.CopyTo(salt[32..]);
        ours.Agree(theirs, shared);
        HkdfSha256.DeriveKey(shared, salt, StaticInfo, output);
        CryptographicOperations.ZeroMemory(shared);
    }
}
