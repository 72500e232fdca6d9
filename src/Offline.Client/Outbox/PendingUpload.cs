using Offline.Client.Conversations;

namespace Offline.Client.Outbox;

/// <summary>
/// An image or voice note whose chunks are not all on the relay yet. With the sender's own copy of the
/// item, everything needed to finish it is here: after a lost connection the next flush puts only the
/// chunks not in <see cref="Done"/> (the relay takes a repeated chunk as Ok); only when every chunk is
/// stored is the content message composed, under <see cref="MessageId"/>, so the contact's device shows
/// it once however often this is retried.
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

    /// <summary>Indices of the chunks the relay answered Ok for, under this <see cref="Reference"/>.</summary>
    public IReadOnlyList<int> Done { get; init; } = [];
}
