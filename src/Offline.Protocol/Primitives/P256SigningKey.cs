using System.Security.Cryptography;

namespace Offline.Protocol.Primitives;

/// <summary>A P-256 ECDSA key with SHA-256; signatures are IEEE P1363 (r || s, 64 bytes).</summary>
public sealed partial class P256SigningKey : IDisposable
{
    public const int SignatureSize = 64;

    private readonly P256PrivateScalar scalar;
    private readonly P256PublicKey publicKey;
    private readonly SafeEcKeyHandle key;
    private volatile bool disposed;

    private P256SigningKey(P256PrivateScalar scalar)
    {
        try
        {
            publicKey = scalar.DerivePublicKey();
            key = CreateNativeKey(scalar, publicKey);
        }
        catch
        {
            scalar.Dispose();
            throw;
        }

        this.scalar = scalar;
    }

    /// <summary>Same scalar rule as <see cref="P256KeyPair.Generate"/>: 32-byte draws until one is in [1, n−1].</summary>
    public static P256SigningKey Generate(IRandomSource random) => new(P256PrivateScalar.Generate(random));

    /// <summary>Throws ArgumentException unless the bytes are a 32-byte scalar in [1, n−1].</summary>
    public static P256SigningKey FromPrivateKey(ReadOnlySpan<byte> privateKey) => new(P256PrivateScalar.FromBytes(privateKey));

    public P256PublicKey PublicKey
    {
        get
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            return publicKey;
        }
    }

    public void ExportPrivateKey(Span<byte> destination)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        scalar.Export(destination);
    }

    /// <summary>ECDSA over SHA-256(message); OpenSSL draws the nonce, so signatures are not deterministic.</summary>
    public void Sign(ReadOnlySpan<byte> message, Span<byte> signature)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        if (signature.Length != SignatureSize)
        {
            throw new ArgumentException("A P-256 signature is 64 bytes (r || s).", nameof(signature));
        }

        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(message, digest);
        var nativeSignature = LibCrypto.ECDSA_do_sign(digest, digest.Length, key);
        LibCrypto.Check(nativeSignature != IntPtr.Zero, "ECDSA_do_sign");
        try
        {
            LibCrypto.ECDSA_SIG_get0(nativeSignature, out var r, out var s);
            const int half = SignatureSize / 2;
            LibCrypto.Check(LibCrypto.BN_bn2binpad_borrowed(r, signature[..half], half) == half, "BN_bn2binpad");
            LibCrypto.Check(LibCrypto.BN_bn2binpad_borrowed(s, signature[half..], half) == half, "BN_bn2binpad");
        }
        finally
        {
            LibCrypto.ECDSA_SIG_free(nativeSignature);
        }
    }

    /// <summary>False for a wrong, malformed or high-s-irrelevant signature; never throws on hostile bytes.</summary>
    /// <remarks>
    /// Steps: (1) length must be 64; (2) r and s must each lie in [1, n−1]; (3) ECDSA verification of
    /// SHA-256(message) against the key's cached native form. Both low-s and high-s forms are accepted.
    /// </remarks>
    public static bool Verify(P256PublicKey key, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature)
    {
        ArgumentNullException.ThrowIfNull(key);
        const int half = SignatureSize / 2;
        if (signature.Length != SignatureSize
            || !P256Curve.IsInScalarRange(signature[..half])
            || !P256Curve.IsInScalarRange(signature[half..]))
        {
            return false;
        }

        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(message, digest);
        return VerifyDigest(key.VerificationKey, digest, signature[..half], signature[half..]);
    }

    public void Dispose()
    {
        disposed = true;
        key.Dispose();
        scalar.Dispose();
    }

    private static SafeEcKeyHandle CreateNativeKey(P256PrivateScalar scalar, P256PublicKey publicKey)
    {
        var created = P256Curve.NewKey();
        if (LibCrypto.EC_KEY_set_private_key(created, scalar.Handle) != 1
            || LibCrypto.EC_KEY_set_public_key(created, publicKey.Point) != 1)
        {
            created.Dispose();
            LibCrypto.Check(false, "EC_KEY_set_private_key");
        }

        return created;
    }

    private static bool VerifyDigest(SafeEcKeyHandle key, ReadOnlySpan<byte> digest, ReadOnlySpan<byte> r, ReadOnlySpan<byte> s)
    {
        var nativeSignature = LibCrypto.ECDSA_SIG_new();
        LibCrypto.Check(nativeSignature != IntPtr.Zero, "ECDSA_SIG_new");
        try
        {
            var nativeR = LibCrypto.BN_bin2bn_unowned(r, r.Length, IntPtr.Zero);
            var nativeS = LibCrypto.BN_bin2bn_unowned(s, s.Length, IntPtr.Zero);
            if (nativeR == IntPtr.Zero || nativeS == IntPtr.Zero || LibCrypto.ECDSA_SIG_set0(nativeSignature, nativeR, nativeS) != 1)
            {
                LibCrypto.BN_clear_free(nativeR);
                LibCrypto.BN_clear_free(nativeS);
                LibCrypto.Check(false, "ECDSA_SIG_set0");
            }

            var result = LibCrypto.ECDSA_do_verify(digest, digest.Length, nativeSignature, key);
            if (result != 1)
            {
                LibCrypto.ERR_clear_error();
            }

            return result == 1;
        }
        finally
        {
            LibCrypto.ECDSA_SIG_free(nativeSignature);
        }
    }
}
