using System.Security.Cryptography;

namespace Offline.Protocol.Primitives;

/// <summary>The operating system's CSPRNG. The only source production code uses.</summary>
public sealed class SystemRandom : IRandomSource
{
    public static SystemRandom Instance { get; } = new();

    private SystemRandom()
    {
    }

    public void Fill(Span<byte> destination) => RandomNumberGenerator.Fill(destination);
}
