using System.Security.Cryptography;

namespace Offline.Protocol.Primitives;

/// <summary>
/// A P-256 private scalar d ∈ [1, n − 1], held only as a native BIGNUM (cleared on release); the scalar
/// operations both <see cref="P256KeyPair"/> and <see cref="P256SigningKey"/> need.
/// </summary>
internal sealed class P256PrivateScalar : IDisposable
{
    private readonly SafeBignumHandle value;

    private P256PrivateScalar(SafeBignumHandle value)
    {
        this.value = value;
    }

    internal SafeBignumHandle Handle => value;

    /// <summary>
    /// Rejection sampling, reproduced byte for byte by the web app: draw 32 bytes from
    /// <paramref name="random"/>, read them as a big-endian integer d, keep d iff 1 ≤ d ≤ n − 1,
    /// otherwise discard all 32 bytes and draw 32 fresh ones. (No reduction mod n, so no bias.)
    /// </summary>
    internal static P256PrivateScalar Generate(IRandomSource random)
    {
        ArgumentNullException.ThrowIfNull(random);
        Span<byte> candidate = stackalloc byte[P256Curve.ScalarSize];
        try
        {
            do
            {
                random.Fill(candidate);
            }
            while (!P256Curve.IsInScalarRange(candidate));

            return FromValidBytes(candidate);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(candidate);
        }
    }

    /// <summary>Throws ArgumentException unless the bytes are 32 big-endian bytes of a scalar in [1, n − 1].</summary>
    internal static P256PrivateScalar FromBytes(ReadOnlySpan<byte> bytes)
    {
        if (!P256Curve.IsInScalarRange(bytes))
        {
            throw new ArgumentException("A P-256 private key is 32 big-endian bytes encoding a scalar in [1, n-1].", nameof(bytes));
        }

        return FromValidBytes(bytes);
    }

    internal void Export(Span<byte> destination)
    {
        if (destination.Length != P256Curve.ScalarSize)
        {
            throw new ArgumentException("A P-256 private key is 32 bytes.", nameof(destination));
        }

        LibCrypto.Check(LibCrypto.BN_bn2binpad(value, destination, P256Curve.ScalarSize) == P256Curve.ScalarSize, "BN_bn2binpad");
    }

    /// <summary>Q = d·G, by OpenSSL's fixed-base (precomputed-table, constant-time) multiplication.</summary>
    internal P256PublicKey DerivePublicKey()
    {
        var group = P256Curve.Group;
        var point = LibCrypto.CheckHandle(LibCrypto.EC_POINT_new(group), "EC_POINT_new");
        try
        {
            LibCrypto.Check(LibCrypto.EC_POINT_mul_generator(group, point, value, IntPtr.Zero, IntPtr.Zero, IntPtr.Zero) == 1, "EC_POINT_mul");
            var encoded = new byte[P256PublicKey.EncodedSize];
            var written = LibCrypto.EC_POINT_point2oct(group, point, LibCrypto.PointConversionUncompressed, encoded, (nuint)encoded.Length, IntPtr.Zero);
            LibCrypto.Check(written == (nuint)encoded.Length, "EC_POINT_point2oct");
            return P256PublicKey.FromDerived(encoded, point);
        }
        catch
        {
            point.Dispose();
            throw;
        }
    }

    /// <summary>
    /// ECDH (SEC 1 §3.3.1 with cofactor 1): the big-endian X coordinate of d·Q. Q was validated when
    /// parsed, so it is neither off the curve nor infinity, and d·Q is never infinity for d ∈ [1, n − 1].
    /// </summary>
    internal void MultiplyX(P256PublicKey peer, Span<byte> x)
    {
        var group = P256Curve.Group;
        using var product = LibCrypto.CheckHandle(LibCrypto.EC_POINT_new(group), "EC_POINT_new");
        using var productX = LibCrypto.CheckHandle(LibCrypto.BN_new(), "BN_new");
        LibCrypto.Check(LibCrypto.EC_POINT_mul_point(group, product, IntPtr.Zero, peer.Point, value, IntPtr.Zero) == 1, "EC_POINT_mul");
        LibCrypto.Check(LibCrypto.EC_POINT_get_affine_coordinates(group, product, productX, IntPtr.Zero, IntPtr.Zero) == 1, "EC_POINT_get_affine_coordinates");
        LibCrypto.Check(LibCrypto.BN_bn2binpad(productX, x, P256Curve.CoordinateSize) == P256Curve.CoordinateSize, "BN_bn2binpad");
    }

    public void Dispose() => value.Dispose();

    private static P256PrivateScalar FromValidBytes(ReadOnlySpan<byte> bytes)
    {
        var handle = LibCrypto.CheckHandle(LibCrypto.BN_bin2bn(bytes, bytes.Length, IntPtr.Zero), "BN_bin2bn");
        LibCrypto.BN_set_flags(handle, LibCrypto.BnFlagConstTime);
        return new P256PrivateScalar(handle);
    }
}
