using Offline.Client.Conversations;

namespace Offline.Client.Outbox;

/// <summary>
/// An image or voice note whose chunks are not all on the relay yet. Everything needed to finish it
/// is here (with the chunks themselves beside it in the store): after a crash or a lost connection the
/// next send or receive uploads what is left — the same chunks to the same addresses, which the relay
/// accepts again as Ok — and only then composes the content message, under <see cref="MessageId"/>,
/// so the contact's device shows it once however often this is retried.
/// </summary>
public sealed record PendingUpload
{
    /// <summary>The content message id (hex): the chat message's id on both devices.</summary>
    public required string MessageId { get; init; }

    public required string ContactId { get; init; }

    public required AttachmentKind Kind { get; init; }

    /// <summary>The encoded pointer (key, digest, length, media type); never leaves the encrypted store except inside the sealed content message.</summary>
    public required byte[] Reference { get; init; }

    public required int ChunkCount { get; init; }

    /// <summary>Recipients that fetch each chunk (1 for a pair chat).</summary>
    public int Fetches { get; init; } = 1;

    public required ulong SentAtMs { get; init; }

    public string? Caption { get; init; }

    public int? Width { get; init; }

    public int? Height { get; init; }

    public int? DurationMs { get; init; }

    public byte[]? Waveform { get; init; }

    public string? ReplyTo { get; init; }

    /// <summary>Chunks the relay answered Ok for, as far as this device knows (at most <see cref="ChunkCount"/>).</summary>
    public int DoneChunks { get; init; }
}
