using Offline.Protocol.Primitives;

namespace Offline.Protocol.Tests.Primitives;

/// <summary>An IRandomSource that hands out fixed bytes in order, then fails; counts what was drawn.</summary>
internal sealed class ScriptedRandom(params byte[][] chunks) : IRandomSource
{
    private readonly byte[] script = chunks.SelectMany(chunk => chunk).ToArray();

    public int Drawn { get; private set; }

    public void Fill(Span<byte> destination)
    {
        if (Drawn + destination.Length > script.Length)
        {
            throw new InvalidOperationException("The scripted random bytes are used up.");
        }

        script.AsSpan(Drawn, destination.Length).CopyTo(destination);
        Drawn += destination.Length;
    }
}
