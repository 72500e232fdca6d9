using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Offline.Protocol.Primitives;

/// <summary>
/// A reproducible byte stream for tests and known-answer vectors only:
/// block i = SHA-256(seed || uint32be(i)), blocks concatenated, bytes handed out in order.
/// The web app implements the same stream so both sides consume identical "random" bytes.
/// </summary>
public sealed class DeterministicRandom : IRandomSource
{
    private readonly byte[] seed;
    private readonly byte[] block = new byte[32];
    private uint counter;
    private int used = 32;

    public DeterministicRandom(ReadOnlySpan<byte> seed)
    {
        this.seed = seed.ToArray();
    }

    public static DeterministicRandom FromLabel(string label) =>
        new(System.Text.Encoding.UTF8.GetBytes(label));

    public void Fill(Span<byte> destination)
    {
        while (!destination.IsEmpty)
        {
            if (used == block.Length)
            {
                Refill();
            }

            var take = Math.Min(destination.Length, block.Length - used);
            block.AsSpan(used, take).CopyTo(destination);
            destination = destination[take..];
            used += take;
        }
    }

    private void Refill()
    {
        Span<byte> input = stackalloc byte[seed.Length + 4];
        seed.CopyTo(input);
        BinaryPrimitives.WriteUInt32BigEndian(input[seed.Length..], counter++);
        SHA256.HashData(input, block);
        used = 0;
    }
}
