using System.Buffers.Binary;

namespace Offline.Client.Media.Voice;

/// <summary>The two Ogg Opus header packets (RFC 7845 §5).</summary>
internal static class OpusHeaders
{
    public const int HeadSize = 19;

    /// <summary>"OpusTags", vendor string length 0, comment count 0.</summary>
    public const int EmptyTagsSize = 16;

    public static ReadOnlySpan<byte> HeadMagic => "OpusHead"u8;

    public static ReadOnlySpan<byte> TagsMagic => "OpusTags"u8;

    /// <summary>
    /// The identification header: version 1, the channel count, the encoder's pre-skip, 48,000 as the
    /// "input rate" (whatever the file was: the original rate would say something about the device),
    /// output gain 0, channel mapping family 0.
    /// </summary>
    public static byte[] Head(int preSkip, int channels)
    {
        var head = new byte[HeadSize];
        HeadMagic.CopyTo(head);
        head[8] = 1;
        head[9] = (byte)channels;
        BinaryPrimitives.WriteUInt16LittleEndian(head.AsSpan(10), checked((ushort)preSkip));
        BinaryPrimitives.WriteUInt32LittleEndian(head.AsSpan(12), VoiceLimits.SampleRate);
        return head;
    }

    /// <summary>The comment header with an empty vendor string and no comments: nothing names the encoder, the device or the sender.</summary>
    public static byte[] EmptyTags()
    {
        var tags = new byte[EmptyTagsSize];
        TagsMagic.CopyTo(tags);
        return tags;
    }

    /// <summary>Reads an identification header; only what a player needs (channels 1-2, mapping family 0) is accepted.</summary>
    public static VoiceError TryParseHead(ReadOnlySpan<byte> packet, out OpusHead head)
    {
        head = default;
        if (packet.Length < HeadSize || !packet[..8].SequenceEqual(HeadMagic))
        {
            return VoiceError.Damaged;
        }

        // The version's high nibble is the major version; only 0 is defined (RFC 7845 §5.1 item 2).
        var version = packet[8];
        var channels = packet[9];
        var family = packet[18];
        if (version is 0 or >= 16 || family != 0 || channels is < 1 or > 2)
        {
            return VoiceError.UnsupportedFormat;
        }

        head = new OpusHead(
            channels,
            BinaryPrimitives.ReadUInt16LittleEndian(packet[10..]),
            BinaryPrimitives.ReadInt16LittleEndian(packet[16..]));
        return VoiceError.None;
    }

    /// <summary>A comment header is only checked for shape: its vendor string and comments are never read or kept.</summary>
    public static bool IsTags(ReadOnlySpan<byte> packet)
    {
        if (packet.Length < EmptyTagsSize || !packet[..8].SequenceEqual(TagsMagic))
        {
            return false;
        }

        var vendorLength = BinaryPrimitives.ReadUInt32LittleEndian(packet[8..]);
        return vendorLength <= (uint)(packet.Length - EmptyTagsSize);
    }
}

/// <summary>What the player needs from OpusHead: channels, samples to drop at the start, and the gain in Q7.8 dB.</summary>
internal readonly record struct OpusHead(int Channels, int PreSkip, short OutputGain);
