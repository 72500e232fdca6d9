using System.Buffers.Binary;

namespace Offline.Client.Media.Voice;

/// <summary>A packet of an Ogg stream, with the pages it began and ended on, and the granule of its last page when it is the last packet to end there (else -1).</summary>
internal sealed record OggPacket(byte[] Data, int FirstPage, int LastPage, long Granule);

/// <summary>
/// Splits an Ogg file into the packets of its one logical stream and refuses anything not exactly as
/// RFC 3533 describes: every page's CRC is checked, its lengths are bounded by the bytes present, its
/// sequence numbers run without a gap, one serial number, the first page and only it begins the
/// stream, the last page and only it ends it, continuation flags match the lacing, and a page on which
/// no packet ends has granule -1. Nothing may follow the last page.
/// </summary>
internal static class OggPacketReader
{
    /// <summary>1 MiB: an Opus audio packet is at most ~61 KB (RFC 6716 §3.4); a comment header over this is not worth reading.</summary>
    public const int MaxPacketBytes = 1024 * 1024;

    public static bool LooksLikeOgg(ReadOnlySpan<byte> file) => file.Length >= 4 && file[..4].SequenceEqual(OggPage.Capture);

    public static VoiceError TryRead(ReadOnlySpan<byte> file, out List<OggPacket> packets)
    {
        var stream = new LogicalStream();
        packets = stream.Packets;
        var position = 0;
        for (var pageIndex = 0; position < file.Length; pageIndex++)
        {
            var error = TryReadPage(file[position..], out var page);
            if (error == VoiceError.None)
            {
                error = stream.Check(page, pageIndex);
            }

            if (error == VoiceError.None)
            {
                error = stream.Add(page, pageIndex);
            }

            if (error != VoiceError.None)
            {
                return error;
            }

            position += page.Size;
            if ((page.Flags & OggPage.FlagLast) != 0)
            {
                // Bytes after the end of the stream, or a packet left open by it: not a file we wrote or can trust.
                return position == file.Length && !stream.HasOpenPacket ? VoiceError.None : VoiceError.Damaged;
            }
        }

        return VoiceError.Truncated;
    }

    private static VoiceError TryReadPage(ReadOnlySpan<byte> rest, out PageView page)
    {
        page = default;
        if (rest.Length < OggPage.HeaderSize)
        {
            return VoiceError.Truncated;
        }

        if (!rest[..4].SequenceEqual(OggPage.Capture) || (rest[5] & ~(OggPage.FlagContinued | OggPage.FlagFirst | OggPage.FlagLast)) != 0)
        {
            return VoiceError.Damaged;
        }

        if (rest[4] != 0)
        {
            return VoiceError.UnsupportedFormat;
        }

        var segments = rest[26];
        if (rest.Length < OggPage.HeaderSize + segments)
        {
            return VoiceError.Truncated;
        }

        var lacing = rest.Slice(OggPage.HeaderSize, segments);
        var bodyLength = 0;
        foreach (var lace in lacing)
        {
            bodyLength += lace;
        }

        var size = OggPage.HeaderSize + segments + bodyLength;
        if (rest.Length < size)
        {
            return VoiceError.Truncated;
        }

        Span<byte> header = stackalloc byte[OggPage.HeaderSize];
        rest[..OggPage.HeaderSize].CopyTo(header);
        header.Slice(OggPage.CrcOffset, 4).Clear();
        var crc = OggCrc.Compute(rest[OggPage.HeaderSize..size], OggCrc.Compute(header));
        if (crc != BinaryPrimitives.ReadUInt32LittleEndian(rest[OggPage.CrcOffset..]))
        {
            return VoiceError.Damaged;
        }

        page = new PageView(
            rest[5],
            BinaryPrimitives.ReadInt64LittleEndian(rest[6..]),
            BinaryPrimitives.ReadUInt32LittleEndian(rest[14..]),
            BinaryPrimitives.ReadUInt32LittleEndian(rest[18..]),
            lacing.ToArray(),
            rest.Slice(OggPage.HeaderSize + segments, bodyLength).ToArray(),
            size);
        return VoiceError.None;
    }

    private readonly record struct PageView(byte Flags, long Granule, uint Serial, uint Sequence, byte[] Lacing, byte[] BodyBytes, int Size)
    {
        public ReadOnlySpan<byte> Body => BodyBytes;
    }

    /// <summary>The state carried from page to page: serial, sequence, and the packet still open across a page boundary.</summary>
    private sealed class LogicalStream
    {
        private readonly List<byte> open = [];
        private int openFirstPage = -1;
        private uint serial;
        private uint sequence;

        public List<OggPacket> Packets { get; } = [];

        public bool HasOpenPacket => openFirstPage >= 0;

        public VoiceError Check(PageView page, int pageIndex)
        {
            if (pageIndex == 0)
            {
                (serial, sequence) = (page.Serial, page.Sequence);
            }

            var beginsStream = (page.Flags & OggPage.FlagFirst) != 0;
            if (page.Serial != serial || (pageIndex > 0 && beginsStream))
            {
                return VoiceError.UnsupportedFormat; // several logical streams, multiplexed or chained
            }

            var continued = (page.Flags & OggPage.FlagContinued) != 0;
            var inOrder = page.Sequence == sequence++;
            return (pageIndex == 0 && !beginsStream) || !inOrder || continued != HasOpenPacket ? VoiceError.Damaged : VoiceError.None;
        }

        /// <summary>Lacing: a packet is a run of 255s ended by a value below 255; a run still open at the page's end continues on the next.</summary>
        public VoiceError Add(PageView page, int pageIndex)
        {
            var ended = 0;
            var bodyOffset = 0;
            foreach (var lace in page.Lacing)
            {
                if (openFirstPage < 0)
                {
                    openFirstPage = pageIndex;
                }

                open.AddRange(page.Body.Slice(bodyOffset, lace));
                bodyOffset += lace;
                if (open.Count > MaxPacketBytes)
                {
                    return VoiceError.Damaged;
                }

                if (lace < OggPage.MaxLacingValue)
                {
                    Packets.Add(new OggPacket([.. open], openFirstPage, pageIndex, -1));
                    open.Clear();
                    openFirstPage = -1;
                    ended++;
                }
            }

            // A page on which no packet ends has granule -1 (RFC 3533 §6); otherwise it belongs to the last packet ending there.
            if (ended == 0 ? page.Granule != -1 : page.Granule < 0)
            {
                return VoiceError.Damaged;
            }

            if (ended > 0)
            {
                Packets[^1] = Packets[^1] with { Granule = page.Granule };
            }

            return VoiceError.None;
        }
    }
}
