namespace Offline.Protocol.Primitives;

/// <summary>
/// A validated P-256 public point (ECDH or ECDSA), held as its 65-byte uncompressed SEC1 encoding
/// (0x04 || X || Y). Only <see cref="TryParse"/> and key generation create one, so every instance
/// is on the curve and not the point at infinity.
/// </summary>
public sealed partial class P256PublicKey : IEquatable<P256PublicKey>
{
    public const int EncodedSize = 65;

    /// <summary>Checks length, the 0x04 prefix, X and Y below p, and y² = x³ − 3x + b.</summary>
    public static bool TryParse(ReadOnlySpan<byte> encoded, out P256PublicKey? key) => throw new NotImplementedException();

    public ReadOnlySpan<byte> Encoded => throw new NotImplementedException();

    public bool Equals(P256PublicKey? other) => throw new NotImplementedException();

    public override bool Equals(object? obj) => Equals(obj as P256PublicKey);

    public override int GetHashCode() => throw new NotImplementedException();
}
