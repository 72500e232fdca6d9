using System.Security.Cryptography;
using Offline.Protocol.Identity;
using Offline.Protocol.Primitives;
using Offline.Protocol.Ratchet;

namespace Offline.Protocol.Handshake;

/// <summary>Starts a session from a fetched bundle (the initiator's half of the handshake).</summary>
public static class SessionInitiator
{
    /// <summary>
    /// (1) check the bundle belongs to <paramref name="expectedId"/>; (2) draw the base key;
    /// (3) DH1 = DH(IK_A, SPK_B), DH2 = DH(EK_A, IK_B), DH3 = DH(EK_A, SPK_B), DH4 = DH(EK_A, OPK_B) if offered;
    /// (4) encapsulate to the ML-KEM prekey; (5) derive; (6) start the ratchet against SPK_B.
    /// Random draws, in order: base key scalar, ML-KEM encapsulation (32 bytes), first ratchet key scalar.
    /// </summary>
    public static ProtocolError TryStart(IdentityKeyPair local, PrekeyBundle bundle, OfflineId expectedId, IRandomSource random, out RatchetSession? session)
    {
        session = null;
        if (!bundle.Id.Equals(expectedId))
        {
            return ProtocolError.IdentityMismatch;
        }

        var oneTime = bundle.OneTimePrekeys.Count > 0 ? bundle.OneTimePrekeys[0] : null;
        var dh = new byte[(oneTime is null ? 3 : 4) * P256KeyPair.SharedSecretSize];
        var kemCiphertext = new byte[MlKem768.CiphertextSize];
        var kemSecret = new byte[MlKem768.SharedSecretSize];
        using var baseKey = P256KeyPair.Generate(random);
        try
        {
            var spk = bundle.SignedPrekey.PublicKey;
            local.Dh.Agree(spk, dh.AsSpan(0, 32));
            baseKey.Agree(bundle.Identity.DhKey, dh.AsSpan(32, 32));
            baseKey.Agree(spk, dh.AsSpan(64, 32));
            if (oneTime is not null)
            {
                baseKey.Agree(oneTime.PublicKey, dh.AsSpan(96, 32));
            }

            if (!MlKem768.TryEncapsulate(bundle.KemPrekey.EncapsulationKey, random, kemCiphertext, kemSecret))
            {
                return ProtocolError.InvalidPublicKey;
            }

            var (rootKey, conversationSecret) = HandshakeKdf.Derive(dh, kemSecret);
            var header = new PrekeyHeader(local.PublicKeys, baseKey.PublicKey, bundle.SignedPrekey.Id, oneTime?.Id, bundle.KemPrekey.Id, kemCiphertext);
            session = RatchetSession.CreateInitiator(local.PublicKeys, bundle.Identity, baseKey.PublicKey, rootKey, conversationSecret, spk, header.Encoded.ToArray(), random);
            return ProtocolError.None;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(dh);
            CryptographicOperations.ZeroMemory(kemSecret);
        }
    }
}
