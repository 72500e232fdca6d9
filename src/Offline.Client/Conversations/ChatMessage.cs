namespace Offline.Client.Conversations;

/// <summary>One message in a chat, as the device keeps it (never sent anywhere in this form).</summary>
public sealed record ChatMessage
{
    /// <summary>The 16-byte content message id, hex.</summary>
    public required string Id { get; init; }

    public required bool Outgoing { get; init; }

    /// <summary>The text; for an image, its caption (empty when none).</summary>
    public required string Text { get; init; }

    public required ulong SentAtMs { get; init; }

    public string? ReplyTo { get; init; }

    /// <summary>Reactions by side ("me" or "them") to emoji.</summary>
    public Dictionary<string, string> Reactions { get; init; } = [];

    /// <summary>For outgoing messages: the peer's device has shown it.</summary>
    public bool Read { get; init; }

    public bool Deleted { get; init; }

    /// <summary>An image or voice note's attachment; null for text.</summary>
    public ChatAttachment? Attachment { get; init; }
}
