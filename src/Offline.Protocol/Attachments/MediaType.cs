namespace Offline.Protocol.Attachments;

/// <summary>
/// What an attachment holds (the pointer's last byte). Values are wire values. A receiver keeps an
/// unknown type and offers only "save".
/// </summary>
public enum MediaType : byte
{
    Jpeg = 1,
    Png = 2,
    WebP = 3,
    OggOpus = 16,
    WebmOpus = 17,
}
