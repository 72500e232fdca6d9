namespace Offline.Protocol.Content;

/// <summary>
/// What a decrypted content message is. Values are wire values; new kinds are added, never renumbered.
/// Reserved for later work: 8 group update, 9 call signal.
/// A receiver shows an unknown kind as "needs a newer version", never fails on it.
/// </summary>
public enum ContentKind : byte
{
    /// <summary>Cover traffic: decrypts like any message, then is dropped.</summary>
    Cover = 0,
    Text = 1,
    ReadReceipt = 2,
    Typing = 3,
    Reaction = 4,
    Delete = 5,

    /// <summary>A photo: AttachmentRef, optional caption (Body), Dimensions and ReplyTo.</summary>
    Image = 6,

    /// <summary>A voice note: AttachmentRef, Duration, optional Waveform and ReplyTo.</summary>
    VoiceNote = 7,

    /// <summary>Two-sided chat delete: the receiver drops the whole chat with the sender (both sides' messages).</summary>
    ChatDelete = 10,
}
