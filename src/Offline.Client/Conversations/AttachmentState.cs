namespace Offline.Client.Conversations;

/// <summary>Where an attachment's item stands on this device.</summary>
public enum AttachmentState
{
    /// <summary>Outgoing: the chunks are going to the relay; the message leaves once every chunk is stored.</summary>
    Uploading,

    /// <summary>Incoming: the message arrived; its chunks are being fetched (retried on the next run after a lost connection).</summary>
    Downloading,

    /// <summary>The item is in the encrypted store (sent, or received and checked).</summary>
    Ready,

    /// <summary>The item cannot be had: a chunk missing, tampered, cut short or oversized (<see cref="ChatAttachment.Reason"/>). The chat is intact.</summary>
    Unavailable,
}
