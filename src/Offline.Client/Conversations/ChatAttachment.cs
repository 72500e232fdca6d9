using System.Text.Json.Serialization;

namespace Offline.Client.Conversations;

/// <summary>
/// The attachment of an image or voice-note message, as the device keeps it inside the encrypted chat
/// record: the pointer (key, digest, length, type: docs/PROTOCOL.md Part 3 §4) and what the message said
/// about the item. The caption is the message's <see cref="ChatMessage.Text"/>; the item's bytes are in
/// <see cref="AttachmentItems"/> once <see cref="State"/> is <see cref="AttachmentState.Ready"/>.
/// </summary>
public sealed record ChatAttachment
{
    public required AttachmentKind Kind { get; init; }

    /// <summary>The encoded 70-byte pointer (the AttachmentRef field); it holds the item's key, so it never leaves the encrypted store. Null once the message is deleted.</summary>
    public byte[]? Reference { get; init; }

    /// <summary>The media type byte of the pointer (1 JPEG, 2 PNG, 3 WebP, 16 Ogg/Opus, 17 WebM/Opus; others kept as they came).</summary>
    public required byte MediaType { get; init; }

    /// <summary>The item's length in bytes.</summary>
    public required int Length { get; init; }

    public int? Width { get; init; }

    public int? Height { get; init; }

    public int? DurationMs { get; init; }

    /// <summary>Up to 100 levels 0–255 over equal slices of a voice note.</summary>
    public byte[]? Waveform { get; init; }

    [JsonConverter(typeof(JsonStringEnumConverter<AttachmentState>))]
    public required AttachmentState State { get; init; }

    /// <summary>Why the item is <see cref="AttachmentState.Unavailable"/>, in words (never key material).</summary>
    public string? Reason { get; init; }
}
