namespace Offline.Protocol.Primitives;

/// <summary>
/// Where the protocol library gets its randomness. The library never reaches for a global RNG,
/// so tests and the known-answer vectors can fix it.
/// </summary>
public interface IRandomSource
{
    void Fill(Span<byte> destination);
}
