using System.Security.Cryptography;
using Org.BouncyCastle.Crypto.Kems;
using Org.BouncyCastle.Crypto.Parameters;

namespace Offline.Protocol.Primitives;

/// <summary>
/// An ML-KEM-768 private key expanded once from its 64-byte seed, for a responder that decapsulates
/// many handshakes with the same prekey. The seed stays the only stored form; BouncyCastle's expanded
/// arrays cannot be wiped (see <see cref="MlKem768"/>), disposing drops our reference to them.
/// </summary>
public sealed class MlKem768DecapsulationKey : IDisposable
{
    private MLKemPrivateKeyParameters? key;

    private MlKem768DecapsulationKey(MLKemPrivateKeyParameters key)
    {
        this.key = key;
    }

    public static MlKem768DecapsulationKey FromSeed(ReadOnlySpan<byte> seed)
    {
        if (seed.Length != MlKem768.SeedSize)
        {
            throw new ArgumentException($"An ML-KEM-768 seed is {MlKem768.SeedSize} bytes.", nameof(seed));
        }

        var copy = seed.ToArray();
        try
        {
            return new MlKem768DecapsulationKey(MLKemPrivateKeyParameters.FromSeed(MLKemParameters.ml_kem_768, copy));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(copy);
        }
    }

    public byte[] EncapsulationKey => Key.GetPublicKeyEncoded();

    /// <summary>Implicit rejection: a bad ciphertext yields an unrelated secret. Wrong lengths are our caller's bug and throw.</summary>
    public void Decapsulate(ReadOnlySpan<byte> ciphertext, Span<byte> sharedSecret)
    {
        if (ciphertext.Length != MlKem768.CiphertextSize || sharedSecret.Length != MlKem768.SharedSecretSize)
        {
            throw new ArgumentException("ML-KEM-768 takes a 1088-byte ciphertext and gives a 32-byte secret.");
        }

        var decapsulator = new MLKemDecapsulator(MLKemParameters.ml_kem_768);
        decapsulator.Init(Key);
        decapsulator.Decapsulate(ciphertext, sharedSecret);
    }

    public void Dispose() => key = null;

    private MLKemPrivateKeyParameters Key => key ?? throw new ObjectDisposedException(nameof(MlKem768DecapsulationKey));
}
