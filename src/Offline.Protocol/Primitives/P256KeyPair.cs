namespace Offline.Protocol.Primitives;

/// <summary>A P-256 key pair for ECDH. Disposing zeroes the private scalar.</summary>
public sealed partial class P256KeyPair : IDisposable
{
    public const int PrivateKeySize = 32;
    public const int SharedSecretSize = 32;

    /// <summary>Draws 32 bytes from <paramref name="random"/> until they form a scalar in [1, n−1].</summary>
    public static P256KeyPair Generate(IRandomSource random) => throw new NotImplementedException();

    /// <summary>Rebuilds a key pair from a stored scalar; throws ArgumentException if out of range.</summary>
    public static P256KeyPair FromPrivateKey(ReadOnlySpan<byte> privateKey) => throw new NotImplementedException();

    public P256PublicKey PublicKey => throw new NotImplementedException();

    public void ExportPrivateKey(Span<byte> destination) => throw new NotImplementedException();

    /// <summary>Writes the X coordinate of d·Q (32 bytes).</summary>
    public void Agree(P256PublicKey peer, Span<byte> sharedSecret) => throw new NotImplementedException();

    public void Dispose() => throw new NotImplementedException();
}
