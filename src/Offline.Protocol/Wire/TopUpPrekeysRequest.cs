using System.Security.Cryptography;
using System.Text;
using Offline.Protocol.Identity;

namespace Offline.Protocol.Wire;

/// <summary>
/// TopUpPrekeys body: ID fingerprint (20) || signature (64) || count (uint16) || count × one-time prekey (133).
/// The signature is by the ID's identity signing key over <see cref="SignedMessage"/>. A count of 0 asks
/// which one-time prekeys the relay still holds without adding any.
/// </summary>
public sealed class TopUpPrekeysRequest
{
    public const int SignatureSize = 64;

    private static readonly byte[] Label = Encoding.ASCII.GetBytes("Offline/TopUp/v1");

    public TopUpPrekeysRequest(byte[] fingerprint, byte[] signature, IReadOnlyList<OneTimePrekey> prekeys)
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(fingerprint.Length, Limits.IdFingerprintSize, nameof(fingerprint));
        ArgumentOutOfRangeException.ThrowIfNotEqual(signature.Length, SignatureSize, nameof(signature));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(prekeys.Count, Limits.MaxOneTimePrekeysPerBundle, nameof(prekeys));
        Fingerprint = fingerprint;
        Signature = signature;
        Prekeys = prekeys;
    }

    public byte[] Fingerprint { get; }

    public byte[] Signature { get; }

    /// <summary>The one-time prekeys to add, in the order the relay should hand them out.</summary>
    public IReadOnlyList<OneTimePrekey> Prekeys { get; }

    /// <summary>
    /// What the identity key signs: "Offline/TopUp/v1" || challenge || fingerprint (20) || SHA-256(count (uint16) || prekeys).
    /// The connection's challenge in it means a captured top-up cannot be replayed to put back prekeys
    /// that were already handed out.
    /// </summary>
    public static byte[] SignedMessage(ReadOnlySpan<byte> challenge, ReadOnlySpan<byte> fingerprint, IReadOnlyList<OneTimePrekey> prekeys) =>
        new ByteWriter(Label.Length + challenge.Length + fingerprint.Length + RelayWire.HashSize)
            .Bytes(Label).Bytes(challenge).Bytes(fingerprint).Bytes(SHA256.HashData(EncodePrekeys(prekeys))).ToArray();

    public byte[] Encode()
    {
        var prekeys = EncodePrekeys(Prekeys);
        return new ByteWriter(Fingerprint.Length + SignatureSize + prekeys.Length).Bytes(Fingerprint).Bytes(Signature).Bytes(prekeys).ToArray();
    }

    /// <summary>Parses the layout; the prekeys' signatures are the relay's to check against the published identity.</summary>
    public static bool TryParse(ReadOnlySpan<byte> body, out TopUpPrekeysRequest? request)
    {
        request = null;
        var reader = new ByteReader(body);
        var fingerprint = reader.Take(Limits.IdFingerprintSize).ToArray();
        var signature = reader.Take(SignatureSize).ToArray();
        var count = reader.U16();
        if (reader.Failed || count > Limits.MaxOneTimePrekeysPerBundle || reader.Remaining != count * EcPrekey.EncodedSize)
        {
            return false;
        }

        var prekeys = new List<OneTimePrekey>(count);
        for (var i = 0; i < count; i++)
        {
            if (!OneTimePrekey.TryRead(ref reader, out var prekey))
            {
                return false;
            }

            prekeys.Add(prekey!);
        }

        request = new TopUpPrekeysRequest(fingerprint, signature, prekeys);
        return true;
    }

    private static byte[] EncodePrekeys(IReadOnlyList<OneTimePrekey> prekeys)
    {
        var writer = new ByteWriter(2 + (prekeys.Count * EcPrekey.EncodedSize)).U16((ushort)prekeys.Count);
        foreach (var prekey in prekeys)
        {
            prekey.WriteTo(writer);
        }

        return writer.ToArray();
    }
}
