namespace Offline.Protocol.Primitives;

/// <summary>A P-256 key pair for ECDH. Disposing zeroes the private scalar.</summary>
public sealed partial class P256KeyPair : IDisposable
{
    public const int PrivateKeySize = 32;
    public const int SharedSecretSize = 32;

    private readonly P256PrivateScalar scalar;
    private readonly P256PublicKey publicKey;
    private volatile bool disposed;

    private P256KeyPair(P256PrivateScalar scalar)
    {
        try
        {
            publicKey = scalar.DerivePublicKey();
        }
        catch
        {
            scalar.Dispose();
            throw;
        }

        this.scalar = scalar;
    }

    /// <summary>Draws 32 bytes from <paramref name="random"/> until they form a scalar in [1, n−1].</summary>
    /// <remarks>Each rejected draw of 32 bytes is discarded whole; see <see cref="P256PrivateScalar.Generate"/>.</remarks>
    public static P256KeyPair Generate(IRandomSource random) => new(P256PrivateScalar.Generate(random));

    /// <summary>Rebuilds a key pair from a stored scalar; throws ArgumentException if out of range.</summary>
    public static P256KeyPair FromPrivateKey(ReadOnlySpan<byte> privateKey) => new(P256PrivateScalar.FromBytes(privateKey));

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

    /// <summary>Writes the X coordinate of d·Q (32 bytes).</summary>
    /// <remarks>
    /// Equal to .NET's ECDiffieHellman.DeriveRawSecretAgreement for the same keys. The peer point is
    /// not re-validated here: <see cref="P256PublicKey"/> instances are valid by construction.
    /// </remarks>
    public void Agree(P256PublicKey peer, Span<byte> sharedSecret)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        ArgumentNullException.ThrowIfNull(peer);
        if (sharedSecret.Length != SharedSecretSize)
        {
            throw new ArgumentException("The P-256 shared secret is 32 bytes.", nameof(sharedSecret));
        }

        scalar.MultiplyX(peer, sharedSecret);
    }

    public void Dispose()
    {
        disposed = true;
        scalar.Dispose();
    }
}
