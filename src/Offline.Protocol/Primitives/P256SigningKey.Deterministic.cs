using System.Security.Cryptography;
using Org.BouncyCastle.Asn1.X9;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;

namespace Offline.Protocol.Primitives;

public sealed partial class P256SigningKey
{
    private static readonly X9ECParameters Curve = ECNamedCurveTable.GetByName("P-256");
    private static readonly ECDomainParameters Domain = new(Curve);

    /// <summary>
    /// ECDSA over SHA-256(message) with the nonce derived from the key and the digest (RFC 6979, HMAC-SHA256):
    /// the same key and message always give the same 64 bytes. Signed statements use it so that re-signing an
    /// unchanged release manifest reproduces it byte for byte; it verifies like any other signature.
    /// </summary>
    /// <remarks>BouncyCastle holds the scalar as a managed BigInteger we cannot wipe, so prefer <see cref="Sign"/> for long-lived keys' routine use.</remarks>
    public void SignDeterministic(ReadOnlySpan<byte> message, Span<byte> signature)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        if (signature.Length != SignatureSize)
        {
            throw new ArgumentException("A P-256 signature is 64 bytes (r || s).", nameof(signature));
        }

        var scalarBytes = new byte[32];
        try
        {
            scalar.Export(scalarBytes);
            var signer = new ECDsaSigner(new HMacDsaKCalculator(new Sha256Digest()));
            signer.Init(true, new ECPrivateKeyParameters(new Org.BouncyCastle.Math.BigInteger(1, scalarBytes), Domain));
            var rs = signer.GenerateSignature(SHA256.HashData(message));
            const int half = SignatureSize / 2;
            WriteFixed(rs[0], signature[..half]);
            WriteFixed(rs[1], signature[half..]);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(scalarBytes);
        }
    }

    /// <summary>Big-endian, left-padded with zeros to the field's 32 bytes (IEEE P1363).</summary>
    private static void WriteFixed(Org.BouncyCastle.Math.BigInteger value, Span<byte> destination)
    {
        var bytes = value.ToByteArrayUnsigned();
        destination.Clear();
        bytes.CopyTo(destination[(destination.Length - bytes.Length)..]);
    }
}
