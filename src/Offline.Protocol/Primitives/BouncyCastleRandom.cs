using Org.BouncyCastle.Crypto.Prng;
using Org.BouncyCastle.Security;

namespace Offline.Protocol.Primitives;

/// <summary>
/// Presents an <see cref="IRandomSource"/> to BouncyCastle as its SecureRandom, so every byte BouncyCastle
/// draws comes, in order, from our source: known-answer vectors stay reproducible and the library keeps
/// its no-global-RNG rule. Seeding is refused; nothing in the code paths we use seeds a SecureRandom.
/// </summary>
internal sealed class BouncyCastleRandom : IRandomGenerator
{
    private readonly IRandomSource source;

    private BouncyCastleRandom(IRandomSource source)
    {
        this.source = source;
    }

    internal static SecureRandom Wrap(IRandomSource source) => new(new BouncyCastleRandom(source));

    public void AddSeedMaterial(byte[] seed) => throw SeedingRefused();

    public void AddSeedMaterial(ReadOnlySpan<byte> seed) => throw SeedingRefused();

    public void AddSeedMaterial(long seed) => throw SeedingRefused();

    public void NextBytes(byte[] bytes) => source.Fill(bytes);

    public void NextBytes(byte[] bytes, int start, int len) => source.Fill(bytes.AsSpan(start, len));

    public void NextBytes(Span<byte> bytes) => source.Fill(bytes);

    private static NotSupportedException SeedingRefused() =>
        new("Randomness comes from the IRandomSource; it is never seeded through BouncyCastle.");
}
