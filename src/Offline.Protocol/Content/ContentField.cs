namespace Offline.Protocol.Content;

/// <summary>
/// Field tags inside a content message. Unknown tags are skipped by receivers, so fields can be
/// added without a version change. Reserved for later work: 6 expire-after-read seconds,
/// 7 unlock-at time, 9 group id.
/// </summary>
public enum ContentField : byte
{
    /// <summary>UTF-8 text of a message, or the emoji of a reaction.</summary>
    Body = 1,

    /// <summary>The 16-byte id of the message this one replies to.</summary>
    ReplyTo = 2,

    /// <summary>Concatenated 16-byte ids a receipt, reaction or delete refers to.</summary>
    Targets = 3,

    /// <summary>One byte: 1 started typing, 0 stopped.</summary>
    TypingState = 4,

    /// <summary>One byte: 1 when a delete applies for everyone.</summary>
    ForEveryone = 5,

    /// <summary>The 70-byte attachment pointer (docs/PROTOCOL.md Part 3 §4) of an Image or VoiceNote.</summary>
    AttachmentRef = 8,

    /// <summary>uint16 width ‖ uint16 height of an image, in pixels.</summary>
    Dimensions = 10,

    /// <summary>uint32 length of a voice note, in milliseconds.</summary>
    Duration = 11,

    /// <summary>1 to 100 levels 0–255, the peaks of equal slices of a voice note.</summary>
    Waveform = 12,
}
