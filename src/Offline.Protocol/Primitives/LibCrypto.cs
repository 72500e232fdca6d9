using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace Offline.Protocol.Primitives;

/// <summary>
/// The OpenSSL 3 calls behind the P-256 primitives, made straight into the system libcrypto (the library
/// System.Security.Cryptography itself loads on Linux). Going around the .NET wrapper skips its per-call
/// re-import and re-validation of the peer point, which cost more than the scalar multiplication itself;
/// here a point is validated once, by <see cref="P256PublicKey.TryParse"/>, and its native form cached.
/// Only the low-level EC API is used: OpenSSL 3.0 marks it deprecated but still exports it.
/// </summary>
internal static partial class LibCrypto
{
    internal const int NidPrime256v1 = 415;
    internal const int PointConversionUncompressed = 4;
    internal const int BnFlagConstTime = 0x04;

    private const string Library = "libcrypto.so.3";

    [LibraryImport(Library)]
    internal static partial SafeEcGroupHandle EC_GROUP_new_by_curve_name(int nid);

    [LibraryImport(Library)]
    internal static partial void EC_GROUP_free(IntPtr group);

    [LibraryImport(Library)]
    internal static partial SafeEcPointHandle EC_POINT_new(SafeEcGroupHandle group);

    [LibraryImport(Library)]
    internal static partial void EC_POINT_clear_free(IntPtr point);

    [LibraryImport(Library)]
    internal static partial int EC_POINT_oct2point(SafeEcGroupHandle group, SafeEcPointHandle point, ReadOnlySpan<byte> buffer, nuint length, IntPtr context);

    [LibraryImport(Library)]
    internal static partial nuint EC_POINT_point2oct(SafeEcGroupHandle group, SafeEcPointHandle point, int form, Span<byte> buffer, nuint length, IntPtr context);

    /// <summary>EC_POINT_mul(group, r, n, NULL, NULL, ctx): r = n·G.</summary>
    [LibraryImport(Library, EntryPoint = "EC_POINT_mul")]
    internal static partial int EC_POINT_mul_generator(SafeEcGroupHandle group, SafeEcPointHandle result, SafeBignumHandle scalar, IntPtr point, IntPtr pointScalar, IntPtr context);

    /// <summary>EC_POINT_mul(group, r, NULL, q, m, ctx): r = m·q.</summary>
    [LibraryImport(Library, EntryPoint = "EC_POINT_mul")]
    internal static partial int EC_POINT_mul_point(SafeEcGroupHandle group, SafeEcPointHandle result, IntPtr generatorScalar, SafeEcPointHandle point, SafeBignumHandle pointScalar, IntPtr context);

    [LibraryImport(Library)]
    internal static partial int EC_POINT_get_affine_coordinates(SafeEcGroupHandle group, SafeEcPointHandle point, SafeBignumHandle x, IntPtr y, IntPtr context);

    [LibraryImport(Library)]
    internal static partial SafeBignumHandle BN_new();

    [LibraryImport(Library)]
    internal static partial SafeBignumHandle BN_bin2bn(ReadOnlySpan<byte> bytes, int length, IntPtr reuse);

    /// <summary>BN_bin2bn for a BIGNUM whose ownership passes straight to another object (ECDSA_SIG_set0).</summary>
    [LibraryImport(Library, EntryPoint = "BN_bin2bn")]
    internal static partial IntPtr BN_bin2bn_unowned(ReadOnlySpan<byte> bytes, int length, IntPtr reuse);

    [LibraryImport(Library)]
    internal static partial int BN_bn2binpad(SafeBignumHandle value, Span<byte> destination, int length);

    [LibraryImport(Library, EntryPoint = "BN_bn2binpad")]
    internal static partial int BN_bn2binpad_borrowed(IntPtr value, Span<byte> destination, int length);

    [LibraryImport(Library)]
    internal static partial void BN_set_flags(SafeBignumHandle value, int flags);

    [LibraryImport(Library)]
    internal static partial void BN_clear_free(IntPtr value);

    [LibraryImport(Library)]
    internal static partial SafeEcKeyHandle EC_KEY_new();

    /// <summary>Copies the group into the key: far cheaper (≈1 µs) than EC_KEY_new_by_curve_name (≈12 µs).</summary>
    [LibraryImport(Library)]
    internal static partial int EC_KEY_set_group(SafeEcKeyHandle key, SafeEcGroupHandle group);

    [LibraryImport(Library)]
    internal static partial int EC_KEY_set_private_key(SafeEcKeyHandle key, SafeBignumHandle scalar);

    [LibraryImport(Library)]
    internal static partial int EC_KEY_set_public_key(SafeEcKeyHandle key, SafeEcPointHandle point);

    [LibraryImport(Library)]
    internal static partial void EC_KEY_free(IntPtr key);

    [LibraryImport(Library)]
    internal static partial IntPtr ECDSA_do_sign(ReadOnlySpan<byte> digest, int digestLength, SafeEcKeyHandle key);

    [LibraryImport(Library)]
    internal static partial int ECDSA_do_verify(ReadOnlySpan<byte> digest, int digestLength, IntPtr signature, SafeEcKeyHandle key);

    [LibraryImport(Library)]
    internal static partial IntPtr ECDSA_SIG_new();

    [LibraryImport(Library)]
    internal static partial void ECDSA_SIG_free(IntPtr signature);

    [LibraryImport(Library)]
    internal static partial void ECDSA_SIG_get0(IntPtr signature, out IntPtr r, out IntPtr s);

    [LibraryImport(Library)]
    internal static partial int ECDSA_SIG_set0(IntPtr signature, IntPtr r, IntPtr s);

    [LibraryImport(Library)]
    internal static partial void ERR_clear_error();

    /// <summary>
    /// For calls that cannot fail on validated input (allocation aside). Empties the thread's OpenSSL error
    /// queue so a later System.Security.Cryptography call on this thread does not report our error.
    /// </summary>
    internal static void Check(bool succeeded, string operation)
    {
        if (!succeeded)
        {
            ERR_clear_error();
            throw new CryptographicException($"libcrypto {operation} failed.");
        }
    }

    internal static T CheckHandle<T>(T handle, string operation)
        where T : SafeHandle
    {
        if (handle.IsInvalid)
        {
            handle.Dispose();
            Check(false, operation);
        }

        return handle;
    }
}
