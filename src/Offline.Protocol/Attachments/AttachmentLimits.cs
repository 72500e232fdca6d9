namespace Offline.Protocol.Attachments;

/// <summary>
/// Every size of the attachment protocol (docs/PROTOCOL.md Part 3 §1), with the reason for its value.
/// </summary>
public static class AttachmentLimits
{
    /// <summary>16 KiB − 64: a PutChunk of one chunk fills one 16 KiB frame or cell.</summary>
    public const int ChunkPlaintextSize = 16_320;

    /// <summary>The plaintext plus the 16-byte GCM tag: every chunk on the relay is exactly this size.</summary>
    public const int ChunkCiphertextSize = ChunkPlaintextSize + 16;

    /// <summary>Chunks of one item: 16.7 MB at most, far above a compressed photo (~0.1–1 MB) or a voice note.</summary>
    public const int MaxChunks = 1_024;

    /// <summary>Recipients one chunk may wait for: more than a 50-member group's 49 other members.</summary>
    public const int MaxFetches = 64;

    /// <summary>The largest item: MaxChunks chunks less the one padding byte.</summary>
    public const int MaxItemSize = (MaxChunks * ChunkPlaintextSize) - 1;

    /// <summary>Levels in a voice note's waveform: enough for a bar per pixel column of a message bubble.</summary>
    public const int MaxWaveformLevels = 100;

    /// <summary>
    /// Chunks an item of <paramref name="length"/> bytes takes: ⌈(length + 1) / ChunkPlaintextSize⌉
    /// (the + 1 is the 0x80 padding marker). It may exceed <see cref="MaxChunks"/>; callers check.
    /// </summary>
    public static int ChunkCountFor(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        return (int)((length + (long)ChunkPlaintextSize) / ChunkPlaintextSize);
    }
}
