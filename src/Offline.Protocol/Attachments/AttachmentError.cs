namespace Offline.Protocol.Attachments;

/// <summary>
/// Why an attachment cannot be sent or shown. Every failure on receipt leaves the message that points
/// to the attachment in the chat, marked unavailable.
/// </summary>
public enum AttachmentError
{
    None,

    /// <summary>A pointer of the wrong size or version, a length of 0 or over the limit, or a chunk list longer than the item.</summary>
    Malformed,

    /// <summary>The item needs more than <see cref="AttachmentLimits.MaxChunks"/> chunks.</summary>
    TooLarge,

    /// <summary>A chunk is not there (never stored, released or expired on the relay).</summary>
    MissingChunk,

    /// <summary>A chunk is not exactly <see cref="AttachmentLimits.ChunkCiphertextSize"/> bytes.</summary>
    WrongChunkSize,

    /// <summary>The chunks are not the ones the sender encrypted (checked before anything is decrypted).</summary>
    DigestMismatch,

    /// <summary>A chunk's GCM tag does not verify under its index and the chunk count.</summary>
    Tampered,

    /// <summary>The last chunk does not end in 0x80 followed only by zeros.</summary>
    BadPadding,

    /// <summary>The decrypted item is not exactly the length the pointer gives.</summary>
    WrongLength,
}
