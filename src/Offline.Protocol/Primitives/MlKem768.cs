using System.Security.Cryptography;
using Org.BouncyCastle.Crypto.Kems;
using Org.BouncyCastle.Crypto.Parameters;

namespace Offline.Protocol.Primitives;

/// <summary>ML-KEM-768 (FIPS 203) through BouncyCastle; the machine's OpenSSL 3.0 lacks it.</summary>
/// <remarks>
/// The private key is only ever the 64-byte seed d || z (FIPS 203 ML-KEM.KeyGen_internal(d, z): d is the
/// first 32 bytes, z the last 32); it is expanded afresh on every use. BouncyCastle keeps its expanded key
/// in managed arrays we cannot wipe, so those copies last until the garbage collector reuses the memory.
/// </remarks>
public static class MlKem768
{
    public const int EncapsulationKeySize = 1184;
    public const int SeedSize = 64;
    public const int CiphertextSize = 1088;
    public const int SharedSecretSize = 32;

    /// <summary>ML-KEM's modulus q; every 12-bit coefficient of a valid encapsulation key is below it.</summary>
    private const int Modulus = 3329;

    /// <summary>The encoded vector t̂ (k = 3 polynomials × 384 bytes) that precedes the 32-byte seed ρ.</summary>
    private const int EncodedVectorSize = 3 * 384;

    private static readonly MLKemParameters Parameters = MLKemParameters.ml_kem_768;

    /// <summary>Draws the 64-byte seed (d || z) from <paramref name="random"/> and expands it.</summary>
    /// <remarks>One call to random.Fill for all 64 bytes: d is the first 32 bytes drawn, z the next 32.</remarks>
    public static void GenerateKeyPair(IRandomSource random, Span<byte> seed, Span<byte> encapsulationKey)
    {
        ArgumentNullException.ThrowIfNull(random);
        RequireLength(seed, SeedSize, nameof(seed));
        RequireLength(encapsulationKey, EncapsulationKeySize, nameof(encapsulationKey));
        random.Fill(seed);
        EncapsulationKeyFromSeed(seed, encapsulationKey);
    }

    /// <summary>Expands a stored 64-byte seed to its encapsulation key.</summary>
    public static void EncapsulationKeyFromSeed(ReadOnlySpan<byte> seed, Span<byte> encapsulationKey)
    {
        RequireLength(seed, SeedSize, nameof(seed));
        RequireLength(encapsulationKey, EncapsulationKeySize, nameof(encapsulationKey));
        ExpandSeed(seed).GetPublicKeyEncoded().CopyTo(encapsulationKey);
    }

    /// <summary>False if the encapsulation key fails the FIPS 203 modulus check.</summary>
    /// <remarks>
    /// Also false for a key of the wrong length (FIPS 203 §7.2, type check). Draws exactly 32 bytes, the
    /// message m of ML-KEM.Encaps_internal(ek, m), with one call to random.Fill.
    /// </remarks>
    public static bool TryEncapsulate(ReadOnlySpan<byte> encapsulationKey, IRandomSource random, Span<byte> ciphertext, Span<byte> sharedSecret)
    {
        ArgumentNullException.ThrowIfNull(random);
        RequireLength(ciphertext, CiphertextSize, nameof(ciphertext));
        RequireLength(sharedSecret, SharedSecretSize, nameof(sharedSecret));
        if (encapsulationKey.Length != EncapsulationKeySize || !PassesModulusCheck(encapsulationKey))
        {
            return false;
        }

        MLKemPublicKeyParameters publicKey;
        try
        {
            publicKey = MLKemPublicKeyParameters.FromEncoding(Parameters, encapsulationKey.ToArray());
        }
        catch (ArgumentException)
        {
            // BouncyCastle repeats the modulus check; any further objection of its own is still hostile input.
            return false;
        }

        var encapsulator = new MLKemEncapsulator(Parameters);
        encapsulator.Init(new ParametersWithRandom(publicKey, BouncyCastleRandom.Wrap(random)));
        encapsulator.Encapsulate(ciphertext, sharedSecret);
        return true;
    }

    /// <summary>ML-KEM decapsulation is implicit-rejection: a bad ciphertext yields an unrelated secret.</summary>
    /// <remarks>A ciphertext of the wrong length is the caller's framing error and throws ArgumentException.</remarks>
    public static void Decapsulate(ReadOnlySpan<byte> seed, ReadOnlySpan<byte> ciphertext, Span<byte> sharedSecret)
    {
        RequireLength(seed, SeedSize, nameof(seed));
        RequireLength(ciphertext, CiphertextSize, nameof(ciphertext));
        RequireLength(sharedSecret, SharedSecretSize, nameof(sharedSecret));
        var decapsulator = new MLKemDecapsulator(Parameters);
        decapsulator.Init(ExpandSeed(seed));
        decapsulator.Decapsulate(ciphertext, sharedSecret);
    }

    /// <summary>
    /// FIPS 203 §7.2 modulus check, ByteEncode₁₂(ByteDecode₁₂(t̂)) = t̂: every 3 bytes b0 b1 b2 of t̂ hold two
    /// 12-bit coefficients, b0 | (b1 &amp; 0x0F) &lt;&lt; 8 and b1 &gt;&gt; 4 | b2 &lt;&lt; 4, and both must be below q.
    /// </summary>
    internal static bool PassesModulusCheck(ReadOnlySpan<byte> encapsulationKey)
    {
        var vector = encapsulationKey[..EncodedVectorSize];
        for (int i = 0; i < vector.Length; i += 3)
        {
            int low = vector[i] | ((vector[i + 1] & 0x0F) << 8);
            int high = (vector[i + 1] >> 4) | (vector[i + 2] << 4);
            if (low >= Modulus || high >= Modulus)
            {
                return false;
            }
        }

        return true;
    }

    private static MLKemPrivateKeyParameters ExpandSeed(ReadOnlySpan<byte> seed)
    {
        var copy = seed.ToArray();
        try
        {
            return MLKemPrivateKeyParameters.FromSeed(Parameters, copy);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(copy);
        }
    }

    private static void RequireLength(ReadOnlySpan<byte> buffer, int length, string name)
    {
        if (buffer.Length != length)
        {
            throw new ArgumentException($"ML-KEM-768 needs {length} bytes here.", name);
        }
    }
}
