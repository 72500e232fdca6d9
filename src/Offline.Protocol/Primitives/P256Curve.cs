using System.Numerics;

namespace Offline.Protocol.Primitives;

/// <summary>
/// NIST P-256 (secp256r1, SEC 2 §2.4.2): y² = x³ − 3x + b over GF(p), prime order n, cofactor 1.
/// Holds the domain constants our own validation uses and the one native EC_GROUP every operation shares
/// (read-only after creation, so concurrent use from several threads is safe).
/// </summary>
internal static class P256Curve
{
    internal const int ScalarSize = 32;
    internal const int CoordinateSize = 32;

    /// <summary>p = 2²⁵⁶ − 2²²⁴ + 2¹⁹² + 2⁹⁶ − 1.</summary>
    private static readonly BigInteger P = FromHex("ffffffff00000001000000000000000000000000ffffffffffffffffffffffff");

    private static readonly BigInteger B = FromHex("5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604b");

    /// <summary>The group order n, big-endian, for byte-wise range checks.</summary>
    private static ReadOnlySpan<byte> Order =>
    [
        0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x00, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
        0xbc, 0xe6, 0xfa, 0xad, 0xa7, 0x17, 0x9e, 0x84, 0xf3, 0xb9, 0xca, 0xc2, 0xfc, 0x63, 0x25, 0x51,
    ];

    internal static SafeEcGroupHandle Group { get; } =
        LibCrypto.CheckHandle(LibCrypto.EC_GROUP_new_by_curve_name(LibCrypto.NidPrime256v1), "EC_GROUP_new_by_curve_name");

    /// <summary>An empty EC_KEY on P-256, for ECDSA (which works on EC_KEY rather than bare points).</summary>
    internal static SafeEcKeyHandle NewKey()
    {
        var key = LibCrypto.CheckHandle(LibCrypto.EC_KEY_new(), "EC_KEY_new");
        if (LibCrypto.EC_KEY_set_group(key, Group) != 1)
        {
            key.Dispose();
            LibCrypto.Check(false, "EC_KEY_set_group");
        }

        return key;
    }

    /// <summary>
    /// True iff 1 ≤ value ≤ n − 1 for a 32-byte big-endian value: the range of a private scalar and of
    /// ECDSA's r and s. Runs in time independent of the value, since a private scalar passes through it.
    /// </summary>
    internal static bool IsInScalarRange(ReadOnlySpan<byte> value)
    {
        if (value.Length != ScalarSize)
        {
            return false;
        }

        var order = Order;
        int borrow = 0;
        int any = 0;
        for (int i = ScalarSize - 1; i >= 0; i--)
        {
            int difference = value[i] - order[i] - borrow;
            borrow = (difference >> 8) & 1;
            any |= value[i];
        }

        // borrow = 1 iff value < n; (any − 1) >> 8 is −1 iff every byte was zero.
        int isNonZero = 1 + ((any - 1) >> 8);
        return (borrow & isNonZero) == 1;
    }

    /// <summary>
    /// The public-key validation rule, on big-endian coordinates: x &lt; p, y &lt; p and y² ≡ x³ − 3x + b (mod p).
    /// (0, 0) fails the curve equation because b ≠ 0, so the point at infinity never passes. With cofactor 1,
    /// every point that passes has order n: no separate subgroup check is needed.
    /// </summary>
    internal static bool IsOnCurve(ReadOnlySpan<byte> x, ReadOnlySpan<byte> y)
    {
        var bigX = new BigInteger(x, isUnsigned: true, isBigEndian: true);
        var bigY = new BigInteger(y, isUnsigned: true, isBigEndian: true);
        if (bigX >= P || bigY >= P)
        {
            return false;
        }

        var left = bigY * bigY % P;
        var right = ((bigX * bigX % P * bigX) - (3 * bigX) + B) % P;
        if (right.Sign < 0)
        {
            right += P;
        }

        return left == right;
    }

    private static BigInteger FromHex(string hex) =>
        new(Convert.FromHexString(hex), isUnsigned: true, isBigEndian: true);
}
