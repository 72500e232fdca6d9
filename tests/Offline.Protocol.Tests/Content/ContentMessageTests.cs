using Offline.Protocol.Content;

namespace Offline.Protocol.Tests.Content;

public class ContentMessageTests
{
    private static readonly byte[] Id = [.. Enumerable.Range(1, 16).Select(i => (byte)i)];
    private static readonly byte[] Other = [.. Enumerable.Range(100, 16).Select(i => (byte)i)];

    [Fact]
    public void Text_WithReply_RoundTrips()
    {
        var encoded = ContentMessage.Text(Id, 1234, "héllo ✓", Other).Encode();
        Assert.Equal(ProtocolError.None, ContentMessage.TryParse(encoded, out var parsed));
        Assert.Equal(ContentKind.Text, parsed!.Kind);
        Assert.Equal("héllo ✓", parsed.Body);
        Assert.Equal(Other, parsed.ReplyTo);
        Assert.Equal(1234UL, parsed.SentAtMs);
        Assert.Equal(Id, parsed.MessageId.ToArray());
    }

    [Fact]
    public void ReceiptsTypingReactionsDeletes_RoundTrip()
    {
        Assert.Equal(ProtocolError.None, ContentMessage.TryParse(ContentMessage.ReadReceipt(Id, 1, [Other, Id]).Encode(), out var receipt));
        Assert.Equal(2, receipt!.Targets.Count);
        Assert.Equal(ProtocolError.None, ContentMessage.TryParse(ContentMessage.Typing(Id, 1, true).Encode(), out var typing));
        Assert.True(typing!.IsTyping);
        Assert.Equal(ProtocolError.None, ContentMessage.TryParse(ContentMessage.Reaction(Id, 1, Other, "👍").Encode(), out var reaction));
        Assert.Equal("👍", reaction!.Body);
        Assert.Equal(ProtocolError.None, ContentMessage.TryParse(ContentMessage.Delete(Id, 1, Other, true).Encode(), out var delete));
        Assert.True(delete!.ForEveryone);
        Assert.Equal(Other, Assert.Single(delete.Targets));
    }

    [Fact]
    public void Parse_UnknownKindAndField_AreKeptForNewerClients()
    {
        var encoded = ContentMessage.Text(Id, 9, "x").Encode();
        encoded[1] = 42;
        encoded[1 + 1 + 16 + 8] = 2;
        byte[] withField = [.. encoded, 77, 0, 0, 0, 2, 0xAA, 0xBB];

        Assert.Equal(ProtocolError.None, ContentMessage.TryParse(withField, out var parsed));
        Assert.Equal((ContentKind)42, parsed!.Kind);
        Assert.Equal(new byte[] { 0xAA, 0xBB }, parsed.Field((ContentField)77));
    }

    [Fact]
    public void Parse_HostileLengthsAndVersions_AreRejected()
    {
        var encoded = ContentMessage.Text(Id, 9, "abc").Encode();
        var version = (byte[])encoded.Clone();
        version[0] = 2;
        Assert.Equal(ProtocolError.UnknownVersion, ContentMessage.TryParse(version, out _));

        var huge = (byte[])encoded.Clone();
        huge[1 + 1 + 16 + 8 + 1 + 1] = 0x7F;
        Assert.Equal(ProtocolError.Malformed, ContentMessage.TryParse(huge, out _));
        Assert.Equal(ProtocolError.Malformed, ContentMessage.TryParse(encoded.AsSpan(0, encoded.Length - 1), out _));
        Assert.Equal(ProtocolError.Malformed, ContentMessage.TryParse([.. encoded, 0], out _));
        Assert.Equal(ProtocolError.Malformed, ContentMessage.TryParse([], out _));
    }
}
