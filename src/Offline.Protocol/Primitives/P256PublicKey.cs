namespace Offline.Protocol.Primitives;

/// <summary>
/// A validated P-256 public point (ECDH or ECDSA), held as its 65-byte uncompressed SEC1 encoding
/// (0x04 || X || Y). Only <see cref="TryParse"/> and key generation create one, so every instance
/// is on the curve and not the point at infinity.
/// </summary>
public sealed partial class P256PublicKey : IEquatable<P256PublicKey>
{
    public const int EncodedSize = 65;

    private const byte UncompressedPrefix = 0x04;
    private const int ToStringPrefixBytes = 5;

    private readonly byte[] encoded;

    private P256PublicKey(byte[] encoded, SafeEcPointHandle? point)
    {
        this.encoded = encoded;
        this.point = point;
    }

    /// <summary>Checks length, the 0x04 prefix, X and Y below p, and y² = x³ − 3x + b.</summary>
    /// <remarks>
    /// Rejected: any other length; compressed (0x02/0x03), hybrid (0x06/0x07) and infinity (0x00) encodings;
    /// coordinates ≥ p (non-canonical); points off the curve, which includes (0, 0).
    /// </remarks>
    public static bool TryParse(ReadOnlySpan<byte> encoded, out P256PublicKey? key)
    {
        key = null;
        if (encoded.Length != EncodedSize || encoded[0] != UncompressedPrefix)
        {
            return false;
        }

        var x = encoded.Slice(1, P256Curve.CoordinateSize);
        var y = encoded.Slice(1 + P256Curve.CoordinateSize, P256Curve.CoordinateSize);
        if (!P256Curve.IsOnCurve(x, y))
        {
            return false;
        }

        key = new P256PublicKey(encoded.ToArray(), point: null);
        return true;
    }

    public ReadOnlySpan<byte> Encoded => encoded;

    public bool Equals(P256PublicKey? other) =>
        other is not null && encoded.AsSpan().SequenceEqual(other.encoded);

    public override bool Equals(object? obj) => Equals(obj as P256PublicKey);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.AddBytes(encoded);
        return hash.ToHashCode();
    }

    /// <summary>A short prefix of the encoding, enough to tell keys apart in a log.</summary>
    public override string ToString() =>
        $"P256PublicKey({Convert.ToHexStringLower(encoded, 0, ToStringPrefixBytes)}…)";

    /// <summary>For a point just computed as d·G by our own code: already valid, and already native.</summary>
    internal static P256PublicKey FromDerived(byte[] encoded, SafeEcPointHandle point) => new(encoded, point);
}
