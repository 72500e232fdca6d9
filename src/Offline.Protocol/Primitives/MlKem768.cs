namespace Offline.Protocol.Primitives;

/// <summary>ML-KEM-768 (FIPS 203) through BouncyCastle; the machine's OpenSSL 3.0 lacks it.</summary>
public static class MlKem768
{
    public const int EncapsulationKeySize = 1184;
    public const int SeedSize = 64;
    public const int CiphertextSize = 1088;
    public const int SharedSecretSize = 32;

    /// <summary>Draws the 64-byte seed (d || z) from <paramref name="random"/> and expands it.</summary>
    public static void GenerateKeyPair(IRandomSource random, Span<byte> seed, Span<byte> encapsulationKey) => throw new NotImplementedException();

    /// <summary>Expands a stored 64-byte seed to its encapsulation key.</summary>
    public static void EncapsulationKeyFromSeed(ReadOnlySpan<byte> seed, Span<byte> encapsulationKey) => throw new NotImplementedException();

    /// <summary>False if the encapsulation key fails the FIPS 203 modulus check.</summary>
    public static bool TryEncapsulate(ReadOnlySpan<byte> encapsulationKey, IRandomSource random, Span<byte> ciphertext, Span<byte> sharedSecret) => throw new NotImplementedException();

    /// <summary>ML-KEM decapsulation is implicit-rejection: a bad ciphertext yields an unrelated secret.</summary>
    public static void Decapsulate(ReadOnlySpan<byte> seed, ReadOnlySpan<byte> ciphertext, Span<byte> sharedSecret) => throw new NotImplementedException();
}
