using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Offline.Protocol.Identity;

/// <summary>
/// The number two people compare to confirm their conversation is end-to-end with each other.
/// (1) sort both canonical identity encodings bytewise; (2) h = SHA-256(0x0001 || "Offline/SafetyNumber" || low || high);
/// (3) h = SHA-256(h || low || high), <see cref="Limits.SafetyNumberIterations"/> − 1 more times;
/// (4) six groups: bytes 5i..5i+4 of h as a 40-bit big-endian integer mod 100000, five digits each.
/// The QR form carries all of h: "offline-sn:1:" + lowercase hex.
/// </summary>
public sealed class SafetyNumber
{
    public const ushort Version = 1;
    public const string QrPrefix = "offline-sn:1:";
    private static readonly byte[] Label = Encoding.ASCII.GetBytes("Offline/SafetyNumber");

    private readonly byte[] hash;

    private SafetyNumber(byte[] hash)
    {
        this.hash = hash;
        var groups = new string[6];
        Span<byte> chunk = stackalloc byte[8];
        for (var i = 0; i < groups.Length; i++)
        {
            hash.AsSpan(5 * i, 5).CopyTo(chunk[3..]);
            groups[i] = (BinaryPrimitives.ReadUInt64BigEndian(chunk) % 100000).ToString("D5", System.Globalization.CultureInfo.InvariantCulture);
        }

        Groups = groups;
    }

    public IReadOnlyList<string> Groups { get; }

    public string Digits => string.Join(' ', Groups);

    public string QrText => QrPrefix + Convert.ToHexStringLower(hash);

    public ReadOnlySpan<byte> Hash => hash;

    public static SafetyNumber Compute(IdentityPublicKeys one, IdentityPublicKeys other)
    {
        var (low, high) = one.Encoded.SequenceCompareTo(other.Encoded) <= 0 ? (one, other) : (other, one);
        var input = new ByteWriter(2 + Label.Length + (2 * IdentityPublicKeys.EncodedSize))
            .U16(Version).Bytes(Label).Bytes(low.Encoded).Bytes(high.Encoded).ToArray();
        var h = SHA256.HashData(input);
        var round = new byte[h.Length + (2 * IdentityPublicKeys.EncodedSize)];
        low.Encoded.CopyTo(round.AsSpan(h.Length));
        high.Encoded.CopyTo(round.AsSpan(h.Length + IdentityPublicKeys.EncodedSize));
        for (var i = 1; i < Limits.SafetyNumberIterations; i++)
        {
            h.CopyTo(round, 0);
            SHA256.HashData(round, h);
        }

        return new SafetyNumber(h);
    }

    /// <summary>True when a scanned QR text carries exactly this number.</summary>
    public bool MatchesQr(string scanned)
    {
        if (!scanned.StartsWith(QrPrefix, StringComparison.Ordinal) || scanned.Length != QrPrefix.Length + 64)
        {
            return false;
        }

        try
        {
            return CryptographicOperations.FixedTimeEquals(Convert.FromHexString(scanned.AsSpan(QrPrefix.Length).ToString()), hash);
        }
        catch (FormatException)
        {
            return false;
        }
    }

    public override string ToString() => Digits;
}
