using Offline.Protocol.Attachments;
using Offline.Protocol.Content;

namespace Offline.Protocol.Tests.Content;

public class ContentMessageMediaTests
{
    private static readonly byte[] Id = [.. Enumerable.Range(1, 16).Select(i => (byte)i)];
    private static readonly byte[] Other = [.. Enumerable.Range(100, 16).Select(i => (byte)i)];
    private static readonly AttachmentPointer Pointer = new(new byte[32], Enumerable.Repeat((byte)7, 32).ToArray(), 1000, MediaType.Jpeg);

    private static ContentMessage Parsed(ContentMessage message)
    {
        Assert.Equal(ProtocolError.None, ContentMessage.TryParse(message.Encode(), out var parsed));
        return parsed!;
    }

    [Fact]
    public void Image_WithEverything_RoundTrips()
    {
        var parsed = Parsed(ContentMessage.Image(Id, 5, Pointer, "sunset", 1600, 900, Other));

        Assert.Equal(ContentKind.Image, parsed.Kind);
        Assert.Equal(AttachmentError.None, parsed.TryGetAttachment(out var pointer));
        Assert.Equal(Pointer.Encode(), pointer!.Encode());
        Assert.Equal("sunset", parsed.Body);
        Assert.Equal((1600, 900), parsed.Dimensions);
        Assert.Equal(Other, parsed.ReplyTo);
    }

    [Fact]
    public void Image_Bare_HasOnlyThePointer()
    {
        var parsed = Parsed(ContentMessage.Image(Id, 5, Pointer, caption: ""));

        Assert.Null(parsed.Body);
        Assert.Null(parsed.Dimensions);
        Assert.Null(parsed.ReplyTo);
        Assert.Equal(AttachmentError.None, parsed.TryGetAttachment(out _));
    }

    [Fact]
    public void VoiceNote_RoundTrips()
    {
        byte[] waveform = [0, 10, 255, 128];
        var parsed = Parsed(ContentMessage.VoiceNote(Id, 5, Pointer, 12_345, waveform, Other));

        Assert.Equal(ContentKind.VoiceNote, parsed.Kind);
        Assert.Equal(AttachmentError.None, parsed.TryGetAttachment(out _));
        Assert.Equal(12_345u, parsed.DurationMs);
        Assert.Equal(waveform, parsed.Waveform);
        Assert.Equal(Other, parsed.ReplyTo);
        Assert.Null(Parsed(ContentMessage.VoiceNote(Id, 5, Pointer, 1)).Waveform);
    }

    [Fact]
    public void Builders_Misuse_Throws()
    {
        Assert.Throws<ArgumentException>(() => ContentMessage.Image(Id, 1, Pointer, width: 10));
        Assert.Throws<ArgumentException>(() => ContentMessage.Image(Id, 1, Pointer, width: 0, height: 10));
        Assert.Throws<ArgumentException>(() => ContentMessage.Image(Id, 1, Pointer, width: 65_536, height: 10));
        Assert.Throws<ArgumentException>(() => ContentMessage.VoiceNote(Id, 1, Pointer, 1, new byte[101]));
        Assert.Throws<ArgumentException>(() => ContentMessage.Image(Id, 1, Pointer, replyTo: new byte[15]));
    }

    [Fact]
    public void BadPointer_KeepsTheMessage_AndReportsTheAttachmentMalformed()
    {
        var encoded = ContentMessage.Image(Id, 5, Pointer, "still here").Encode();
        encoded[^70] = 9; // Fields are sorted by tag: the pointer (8) is last, after the caption (1).

        Assert.Equal(ProtocolError.None, ContentMessage.TryParse(encoded, out var parsed));
        Assert.Equal("still here", parsed!.Body);
        Assert.Equal(AttachmentError.Malformed, parsed.TryGetAttachment(out var pointer));
        Assert.Null(pointer);
    }

    [Fact]
    public void MissingOrMisplacedPointer_IsMalformed()
    {
        Assert.Equal(AttachmentError.Malformed, Parsed(ContentMessage.Text(Id, 1, "hi")).TryGetAttachment(out _));
    }

    [Fact]
    public void WrongSizedMediaFields_ReadAsAbsent()
    {
        // Image with Dimensions of 3 bytes, Duration of 2 bytes and a 101-level Waveform, written by hand.
        byte[] message =
        [
            1, (byte)ContentKind.VoiceNote, .. Id, 0, 0, 0, 0, 0, 0, 0, 1, 4,
            (byte)ContentField.AttachmentRef, 0, 0, 0, 70, .. Pointer.Encode(),
            (byte)ContentField.Dimensions, 0, 0, 0, 3, 1, 2, 3,
            (byte)ContentField.Duration, 0, 0, 0, 2, 1, 2,
            (byte)ContentField.Waveform, 0, 0, 0, 101, .. new byte[101],
        ];

        Assert.Equal(ProtocolError.None, ContentMessage.TryParse(message, out var parsed));
        Assert.Equal(AttachmentError.None, parsed!.TryGetAttachment(out _));
        Assert.Null(parsed.Dimensions);
        Assert.Null(parsed.DurationMs);
        Assert.Null(parsed.Waveform);
    }
}
