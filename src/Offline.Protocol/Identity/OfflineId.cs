using System.Security.Cryptography;
using System.Text;

namespace Offline.Protocol.Identity;

/// <summary>
/// A user's whole identity as others see it: <c>of1_</c> + Base58(fingerprint || checksum), where
/// fingerprint = SHA-256(canonical identity public keys)[0..20] and
/// checksum = SHA-256("of1_" || fingerprint)[0..4]. Self-certifying: keys that do not hash to it are refused.
/// </summary>
public sealed class OfflineId : IEquatable<OfflineId>
{
    public const string Prefix = "of1_";

    private readonly byte[] fingerprint;

    private OfflineId(byte[] fingerprint)
    {
        this.fingerprint = fingerprint;
        Text = Prefix + Base58.Encode([.. fingerprint, .. Checksum(fingerprint)]);
    }

    public ReadOnlySpan<byte> Fingerprint => fingerprint;

    public string Text { get; }

    public static OfflineId FromFingerprint(ReadOnlySpan<byte> fingerprint)
    {
        if (fingerprint.Length != Limits.IdFingerprintSize)
        {
            throw new ArgumentException($"An ID fingerprint is {Limits.IdFingerprintSize} bytes.", nameof(fingerprint));
        }

        return new OfflineId(fingerprint.ToArray());
    }

    /// <summary>The ID of a canonical identity encoding (see <see cref="IdentityPublicKeys.Encode"/>).</summary>
    public static OfflineId FromCanonicalKeys(ReadOnlySpan<byte> canonicalKeys)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(canonicalKeys, hash);
        return FromFingerprint(hash[..Limits.IdFingerprintSize]);
    }

    public static bool TryParse(string? text, out OfflineId? id, out ProtocolError error)
    {
        id = null;
        text = text?.Trim();
        if (string.IsNullOrEmpty(text) || !text.StartsWith(Prefix, StringComparison.Ordinal))
        {
            error = ProtocolError.IdMissingPrefix;
            return false;
        }

        if (Base58.TryDecode(text[Prefix.Length..], out var raw) >= 0)
        {
            error = ProtocolError.IdInvalidCharacter;
            return false;
        }

        if (raw.Length != Limits.IdFingerprintSize + Limits.IdChecksumSize)
        {
            error = ProtocolError.IdWrongLength;
            return false;
        }

        var candidate = raw.AsSpan(0, Limits.IdFingerprintSize).ToArray();
        if (!CryptographicOperations.FixedTimeEquals(Checksum(candidate), raw.AsSpan(Limits.IdFingerprintSize)))
        {
            error = ProtocolError.IdChecksumMismatch;
            return false;
        }

        id = new OfflineId(candidate);
        error = ProtocolError.None;
        return true;
    }

    public static OfflineId Parse(string text) =>
        TryParse(text, out var id, out var error) ? id! : throw new ProtocolException(error);

    public bool Equals(OfflineId? other) => other is not null && fingerprint.AsSpan().SequenceEqual(other.fingerprint);

    public override bool Equals(object? obj) => Equals(obj as OfflineId);

    public override int GetHashCode() => BitConverter.ToInt32(fingerprint, 0);

    public override string ToString() => Text;

    private static byte[] Checksum(ReadOnlySpan<byte> fingerprint)
    {
        var input = new byte[Prefix.Length + fingerprint.Length];
        Encoding.ASCII.GetBytes(Prefix, input);
        fingerprint.CopyTo(input.AsSpan(Prefix.Length));
        return SHA256.HashData(input)[..Limits.IdChecksumSize];
    }
}
