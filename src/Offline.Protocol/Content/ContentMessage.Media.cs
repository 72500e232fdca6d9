using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Text;
using Offline.Protocol.Attachments;

namespace Offline.Protocol.Content;

/// <summary>
/// Image (6) and VoiceNote (7) (docs/PROTOCOL.md Part 3 §4). Parsing never drops such a message for a
/// bad attachment field: the accessors report it (a Malformed attachment, a null duration), so the chat
/// keeps the message and shows the attachment as unavailable.
/// </summary>
public sealed partial class ContentMessage
{
    private const int DimensionsSize = 4;
    private const int DurationSize = 4;

    /// <summary>A photo. Width and height come together or not at all; an empty caption is left out.</summary>
    [SuppressMessage("Naming", "CA1720", Justification = "Pointer is the protocol's name for field 8 (PROTOCOL.md Part 3 §4), not a memory pointer.")]
    public static ContentMessage Image(ReadOnlySpan<byte> id, ulong sentAtMs, AttachmentPointer pointer, string? caption = null, int? width = null, int? height = null, ReadOnlySpan<byte> replyTo = default)
    {
        ArgumentNullException.ThrowIfNull(pointer);
        var f = new Dictionary<ContentField, byte[]> { [ContentField.AttachmentRef] = pointer.Encode() };
        if (!string.IsNullOrEmpty(caption))
        {
            f[ContentField.Body] = Encoding.UTF8.GetBytes(caption);
        }

        if (width is not null || height is not null)
        {
            f[ContentField.Dimensions] = EncodeDimensions(width, height);
        }

        AddReply(f, replyTo);
        return new ContentMessage(ContentKind.Image, CheckedId(id), sentAtMs, f);
    }

    /// <summary>A voice note of <paramref name="durationMs"/>; an empty waveform is left out.</summary>
    [SuppressMessage("Naming", "CA1720", Justification = "Pointer is the protocol's name for field 8 (PROTOCOL.md Part 3 §4), not a memory pointer.")]
    public static ContentMessage VoiceNote(ReadOnlySpan<byte> id, ulong sentAtMs, AttachmentPointer pointer, uint durationMs, ReadOnlySpan<byte> waveform = default, ReadOnlySpan<byte> replyTo = default)
    {
        ArgumentNullException.ThrowIfNull(pointer);
        var duration = new byte[DurationSize];
        BinaryPrimitives.WriteUInt32BigEndian(duration, durationMs);
        var f = new Dictionary<ContentField, byte[]> { [ContentField.AttachmentRef] = pointer.Encode(), [ContentField.Duration] = duration };
        if (waveform.Length > AttachmentLimits.MaxWaveformLevels)
        {
            throw new ArgumentException($"A waveform has at most {AttachmentLimits.MaxWaveformLevels} levels.", nameof(waveform));
        }

        if (!waveform.IsEmpty)
        {
            f[ContentField.Waveform] = waveform.ToArray();
        }

        AddReply(f, replyTo);
        return new ContentMessage(ContentKind.VoiceNote, CheckedId(id), sentAtMs, f);
    }

    /// <summary>
    /// The attachment of an Image or VoiceNote. <see cref="AttachmentError.Malformed"/> when the field is
    /// missing or does not parse, and for every other kind (a pointer there is ignored): the message
    /// stays, its attachment is unavailable.
    /// </summary>
    public AttachmentError TryGetAttachment(out AttachmentPointer? attachment)
    {
        attachment = null;
        if (Kind is not (ContentKind.Image or ContentKind.VoiceNote) || !fields.TryGetValue(ContentField.AttachmentRef, out var value))
        {
            return AttachmentError.Malformed;
        }

        return AttachmentPointer.TryParse(value, out attachment);
    }

    /// <summary>An image's size in pixels, or null when absent or not two non-zero uint16s.</summary>
    public (int Width, int Height)? Dimensions
    {
        get
        {
            if (!fields.TryGetValue(ContentField.Dimensions, out var b) || b.Length != DimensionsSize)
            {
                return null;
            }

            int width = BinaryPrimitives.ReadUInt16BigEndian(b);
            int height = BinaryPrimitives.ReadUInt16BigEndian(b.AsSpan(2));
            return width == 0 || height == 0 ? null : (width, height);
        }
    }

    /// <summary>A voice note's length in milliseconds, or null when absent or not a uint32.</summary>
    public uint? DurationMs => fields.TryGetValue(ContentField.Duration, out var b) && b.Length == DurationSize
        ? BinaryPrimitives.ReadUInt32BigEndian(b)
        : null;

    /// <summary>A voice note's levels, or null when absent, empty or longer than <see cref="AttachmentLimits.MaxWaveformLevels"/>.</summary>
    public byte[]? Waveform => fields.TryGetValue(ContentField.Waveform, out var b) && b.Length is >= 1 and <= AttachmentLimits.MaxWaveformLevels
        ? (byte[])b.Clone()
        : null;

    private static byte[] EncodeDimensions(int? width, int? height)
    {
        if (width is not (>= 1 and <= ushort.MaxValue) || height is not (>= 1 and <= ushort.MaxValue))
        {
            throw new ArgumentException("An image's width and height are both given, each 1 to 65535 pixels.");
        }

        var b = new byte[DimensionsSize];
        BinaryPrimitives.WriteUInt16BigEndian(b, (ushort)width.Value);
        BinaryPrimitives.WriteUInt16BigEndian(b.AsSpan(2), (ushort)height.Value);
        return b;
    }

    private static void AddReply(Dictionary<ContentField, byte[]> f, ReadOnlySpan<byte> replyTo)
    {
        if (!replyTo.IsEmpty)
        {
            f[ContentField.ReplyTo] = CheckedId(replyTo);
        }
    }
}
