using System.Text;

namespace Offline.Protocol.Content;

/// <summary>
/// The plaintext inside every ratchet message, before padding:
/// version 0x01 || kind (1) || message id (16) || sent at, ms since the Unix epoch (uint64)
/// || field count (1) || fields: tag (1) || length (uint32) || value.
/// </summary>
public sealed partial class ContentMessage
{
    public const byte Version = 1;
    public const int IdSize = 16;

    private readonly byte[] messageId;
    private readonly Dictionary<ContentField, byte[]> fields;

    private ContentMessage(ContentKind kind, ReadOnlySpan<byte> messageId, ulong sentAtMs, Dictionary<ContentField, byte[]> fields)
    {
        Kind = kind;
        this.messageId = messageId.ToArray();
        SentAtMs = sentAtMs;
        this.fields = fields;
    }

    public ContentKind Kind { get; }

    public ReadOnlySpan<byte> MessageId => messageId;

    public ulong SentAtMs { get; }

    public string? Body => fields.TryGetValue(ContentField.Body, out var b) ? Encoding.UTF8.GetString(b) : null;

    public byte[]? ReplyTo => fields.GetValueOrDefault(ContentField.ReplyTo);

    public bool? IsTyping => fields.TryGetValue(ContentField.TypingState, out var b) && b.Length == 1 ? b[0] == 1 : null;

    public bool ForEveryone => fields.TryGetValue(ContentField.ForEveryone, out var b) && b.Length == 1 && b[0] == 1;

    public IReadOnlyList<byte[]> Targets => fields.TryGetValue(ContentField.Targets, out var b)
        ? [.. b.Chunk(IdSize).Where(c => c.Length == IdSize)]
        : [];

    public byte[]? Field(ContentField field) => fields.GetValueOrDefault(field);

    public static ContentMessage Text(ReadOnlySpan<byte> id, ulong sentAtMs, string body, ReadOnlySpan<byte> replyTo = default)
    {
        var f = new Dictionary<ContentField, byte[]> { [ContentField.Body] = Encoding.UTF8.GetBytes(body) };
        if (!replyTo.IsEmpty)
        {
            f[ContentField.ReplyTo] = CheckedId(replyTo);
        }

        return new ContentMessage(ContentKind.Text, CheckedId(id), sentAtMs, f);
    }

    public static ContentMessage ReadReceipt(ReadOnlySpan<byte> id, ulong sentAtMs, IEnumerable<byte[]> readIds) =>
        new(ContentKind.ReadReceipt, CheckedId(id), sentAtMs, new() { [ContentField.Targets] = Concat(readIds) });

    public static ContentMessage Typing(ReadOnlySpan<byte> id, ulong sentAtMs, bool typing) =>
        new(ContentKind.Typing, CheckedId(id), sentAtMs, new() { [ContentField.TypingState] = [typing ? (byte)1 : (byte)0] });

    public static ContentMessage Reaction(ReadOnlySpan<byte> id, ulong sentAtMs, ReadOnlySpan<byte> target, string emoji) =>
        new(ContentKind.Reaction, CheckedId(id), sentAtMs, new() { [ContentField.Targets] = CheckedId(target), [ContentField.Body] = Encoding.UTF8.GetBytes(emoji) });

    public static ContentMessage Delete(ReadOnlySpan<byte> id, ulong sentAtMs, ReadOnlySpan<byte> target, bool forEveryone) =>
        new(ContentKind.Delete, CheckedId(id), sentAtMs, new() { [ContentField.Targets] = CheckedId(target), [ContentField.ForEveryone] = [forEveryone ? (byte)1 : (byte)0] });

    public static ContentMessage ChatDelete(ReadOnlySpan<byte> id, ulong sentAtMs) => new(ContentKind.ChatDelete, CheckedId(id), sentAtMs, []);

    public static ContentMessage Cover(ReadOnlySpan<byte> id) => new(ContentKind.Cover, CheckedId(id), 0, []);

    public byte[] Encode()
    {
        var writer = new ByteWriter(64 + fields.Values.Sum(v => v.Length + 5));
        writer.U8(Version).U8((byte)Kind).Bytes(messageId).U64(SentAtMs).U8((byte)fields.Count);
        foreach (var (tag, value) in fields.OrderBy(f => f.Key))
        {
            writer.U8((byte)tag).Sized32(value);
        }

        return writer.ToArray();
    }

    /// <summary>Parses hostile bytes; unknown kinds and unknown field tags are kept, not rejected.</summary>
    public static ProtocolError TryParse(ReadOnlySpan<byte> data, out ContentMessage? message)
    {
        message = null;
        var reader = new ByteReader(data);
        var version = reader.U8();
        if (!reader.Failed && version != Version)
        {
            return ProtocolError.UnknownVersion;
        }

        var kind = (ContentKind)reader.U8();
        var id = reader.Take(IdSize);
        var sentAt = reader.U64();
        var count = reader.U8();
        if (reader.Failed || count > Limits.MaxContentFields)
        {
            return ProtocolError.Malformed;
        }

        var parsed = new Dictionary<ContentField, byte[]>();
        for (var i = 0; i < count; i++)
        {
            var tag = (ContentField)reader.U8();
            var value = reader.Sized32(Limits.MaxBucket);
            if (reader.Failed || !parsed.TryAdd(tag, value.ToArray()))
            {
                return ProtocolError.Malformed;
            }
        }

        if (!reader.AtEnd)
        {
            return ProtocolError.Malformed;
        }

        message = new ContentMessage(kind, id, sentAt, parsed);
        return ProtocolError.None;
    }

    private static byte[] CheckedId(ReadOnlySpan<byte> id) =>
        id.Length == IdSize ? id.ToArray() : throw new ArgumentException($"Message ids are {IdSize} bytes.", nameof(id));

    private static byte[] Concat(IEnumerable<byte[]> ids) => [.. ids.SelectMany(i => CheckedId(i))];
}
