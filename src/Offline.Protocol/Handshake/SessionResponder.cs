using System.Security.Cryptography;
using Offline.Protocol.Identity;
using Offline.Protocol.Primitives;
using Offline.Protocol.Ratchet;

namespace Offline.Protocol.Handshake;

/// <summary>Accepts a prekey message (the responder's half of the handshake).</summary>
public static class SessionResponder
{
    /// <summary>
    /// (1) parse the prekey header; (2) refuse a handshake already accepted; (3) find the named prekeys;
    /// (4) the same four DH outputs and the ML-KEM secret as the initiator; (5) derive; (6) decrypt the
    /// first message with the new session. Only when it authenticates is the one-time prekey deleted and
    /// the handshake remembered, so a failure leaves the store unchanged.
    /// </summary>
    public static ProtocolError TryAccept(IdentityKeyPair local, IPrekeyStore store, ReadOnlySpan<byte> message, IRandomSource random, out RatchetSession? session, out byte[]? plaintext)
    {
        session = null;
        plaintext = null;
        if (!PrekeyHeader.IsPrekeyMessage(message))
        {
            return ProtocolError.Malformed;
        }

        var reader = new ByteReader(message);
        var error = PrekeyHeader.TryRead(ref reader, out var header);
        if (error != ProtocolError.None)
        {
            return error;
        }

        var digest = HandshakeKdf.ReplayDigest(header!);
        if (store.HasSeenHandshake(digest))
        {
            return ProtocolError.ReplayedHandshake;
        }

        error = TryDerive(local, store, header!, out var rootKey, out var conversationSecret, out var signedPrekey);
        if (error != ProtocolError.None)
        {
            return error;
        }

        var candidate = RatchetSession.CreateResponder(local.PublicKeys, header!.Initiator, header.BaseKey, rootKey!, conversationSecret!, signedPrekey!);
        error = candidate.TryDecrypt(message, random, out plaintext);
        if (error != ProtocolError.None)
        {
            candidate.Dispose();
            return error;
        }

        if (header.OneTimePrekeyId is uint used)
        {
            store.RemoveOneTimePrekey(used);
        }

        store.RememberHandshake(digest);
        session = candidate;
        return ProtocolError.None;
    }

    private static ProtocolError TryDerive(IdentityKeyPair local, IPrekeyStore store, PrekeyHeader header, out byte[]? rootKey, out byte[]? conversationSecret, out P256KeyPair? ratchetKey)
    {
        rootKey = conversationSecret = null;
        ratchetKey = null;
        var spk = store.FindSignedPrekey(header.SignedPrekeyId);
        var oneTime = header.OneTimePrekeyId is uint id ? store.FindOneTimePrekey(id) : null;
        var kem = store.FindKemPrekey(header.KemPrekeyId);
        if (spk is null || (header.OneTimePrekeyId.HasValue && oneTime is null) || kem is null)
        {
            return ProtocolError.UnknownPrekey;
        }

        var dh = new byte[(oneTime is null ? 3 : 4) * P256KeyPair.SharedSecretSize];
        var kemSecret = new byte[MlKem768.SharedSecretSize];
        var scalar = new byte[P256KeyPair.PrivateKeySize];
        try
        {
            spk.Agree(header.Initiator.DhKey, dh.AsSpan(0, 32));
            local.Dh.Agree(header.BaseKey, dh.AsSpan(32, 32));
            spk.Agree(header.BaseKey, dh.AsSpan(64, 32));
            oneTime?.Agree(header.BaseKey, dh.AsSpan(96, 32));
            kem.Decapsulate(header.KemCiphertext, kemSecret);
            (rootKey, conversationSecret) = HandshakeKdf.Derive(dh, kemSecret);

            // The session owns its ratchet key; the store keeps its own signed prekey.
            spk.ExportPrivateKey(scalar);
            ratchetKey = P256KeyPair.FromPrivateKey(scalar);
            return ProtocolError.None;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(dh);
            CryptographicOperations.ZeroMemory(kemSecret);
            CryptographicOperations.ZeroMemory(scalar);
        }
    }
}
