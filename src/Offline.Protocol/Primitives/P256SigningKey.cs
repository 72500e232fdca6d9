namespace Offline.Protocol.Primitives;

/// <summary>A P-256 ECDSA key with SHA-256; signatures are IEEE P1363 (r || s, 64 bytes).</summary>
public sealed partial class P256SigningKey : IDisposable
{
    public const int SignatureSize = 64;

    public static P256SigningKey Generate(IRandomSource random) => throw new NotImplementedException();

    public static P256SigningKey FromPrivateKey(ReadOnlySpan<byte> privateKey) => throw new NotImplementedException();

    public P256PublicKey PublicKey => throw new NotImplementedException();

    public void ExportPrivateKey(Span<byte> destination) => throw new NotImplementedException();

    public void Sign(ReadOnlySpan<byte> message, Span<byte> signature) => throw new NotImplementedException();

    /// <summary>False for a wrong, malformed or high-s-irrelevant signature; never throws on hostile bytes.</summary>
    public static bool Verify(P256PublicKey key, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature) => throw new NotImplementedException();

    public void Dispose() => throw new NotImplementedException();
}
