using Offline.Protocol.Primitives;

namespace Offline.Protocol.Identity;

/// <summary>
/// What an identity publishes so others can start a session while it is offline:
/// version 0x01 || identity public keys (131) || signed prekey (133) || ML-KEM prekey (1252)
/// || one-time prekey count (uint16) || one-time prekeys (133 each).
/// A parsed bundle has every point validated and every signature verified against its own
/// identity key; whether that identity is the one you asked for is <see cref="Id"/>'s to answer.
/// </summary>
public sealed class PrekeyBundle
{
    public const byte Version = 1;

    private PrekeyBundle(IdentityPublicKeys identity, SignedPrekey signedPrekey, KemPrekey kemPrekey, IReadOnlyList<OneTimePrekey> oneTimePrekeys)
    {
        Identity = identity;
        SignedPrekey = signedPrekey;
        KemPrekey = kemPrekey;
        OneTimePrekeys = oneTimePrekeys;
    }

    public IdentityPublicKeys Identity { get; }

    public OfflineId Id => Identity.Id;

    public SignedPrekey SignedPrekey { get; }

    public KemPrekey KemPrekey { get; }

    public IReadOnlyList<OneTimePrekey> OneTimePrekeys { get; }

    internal static PrekeyBundle Create(IdentityPublicKeys identity, SignedPrekey signedPrekey, KemPrekey kemPrekey, IReadOnlyList<OneTimePrekey> oneTimePrekeys) =>
        new(identity, signedPrekey, kemPrekey, oneTimePrekeys);

    /// <summary>The same bundle carrying other one-time prekeys (the relay hands out at most one).</summary>
    public PrekeyBundle WithOneTimePrekeys(IReadOnlyList<OneTimePrekey> prekeys)
    {
        if (prekeys.Count > Limits.MaxOneTimePrekeysPerBundle)
        {
            throw new ArgumentException($"A bundle carries at most {Limits.MaxOneTimePrekeysPerBundle} one-time prekeys.", nameof(prekeys));
        }

        return new PrekeyBundle(Identity, SignedPrekey, KemPrekey, prekeys);
    }

    public byte[] Encode()
    {
        var writer = new ByteWriter(1 + IdentityPublicKeys.EncodedSize + EcPrekey.EncodedSize + KemPrekey.EncodedSize + 2 + (OneTimePrekeys.Count * EcPrekey.EncodedSize));
        writer.U8(Version).Bytes(Identity.Encoded);
        SignedPrekey.WriteTo(writer);
        KemPrekey.WriteTo(writer);
        writer.U16((ushort)OneTimePrekeys.Count);
        foreach (var prekey in OneTimePrekeys)
        {
            prekey.WriteTo(writer);
        }

        return writer.ToArray();
    }

    public static bool TryParse(ReadOnlySpan<byte> data, out PrekeyBundle? bundle, out ProtocolError error)
    {
        bundle = null;
        var reader = new ByteReader(data);
        var version = reader.U8();
        if (reader.Failed || version != Version)
        {
            error = reader.Failed ? ProtocolError.Malformed : ProtocolError.UnknownVersion;
            return false;
        }

        if (!IdentityPublicKeys.TryParse(reader.Take(IdentityPublicKeys.EncodedSize), out var identity, out error))
        {
            return false;
        }

        if (!SignedPrekey.TryRead(ref reader, out var signedPrekey) || !KemPrekey.TryRead(ref reader, out var kemPrekey))
        {
            error = reader.Failed ? ProtocolError.Malformed : ProtocolError.InvalidPublicKey;
            return false;
        }

        var count = reader.U16();
        if (reader.Failed || count > Limits.MaxOneTimePrekeysPerBundle)
        {
            error = ProtocolError.Malformed;
            return false;
        }

        var oneTime = new OneTimePrekey[count];
        for (var i = 0; i < count; i++)
        {
            if (!OneTimePrekey.TryRead(ref reader, out var prekey))
            {
                error = reader.Failed ? ProtocolError.Malformed : ProtocolError.InvalidPublicKey;
                return false;
            }

            oneTime[i] = prekey!;
        }

        if (!reader.AtEnd)
        {
            error = ProtocolError.Malformed;
            return false;
        }

        var signer = identity!.SigningKey;
        if (!signedPrekey!.VerifySignature(signer) || !kemPrekey!.VerifySignature(signer) || !Array.TrueForAll(oneTime, p => p.VerifySignature(signer)))
        {
            error = ProtocolError.InvalidSignature;
            return false;
        }

        bundle = new PrekeyBundle(identity, signedPrekey, kemPrekey, oneTime);
        error = ProtocolError.None;
        return true;
    }
}
