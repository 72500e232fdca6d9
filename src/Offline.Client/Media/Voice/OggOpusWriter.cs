using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Offline.Client.Media.Voice;

/// <summary>
/// Writes one Ogg Opus logical stream (RFC 3533 pages, RFC 7845 mapping):
///   1. page 0 (beginning of stream): OpusHead alone, granule 0;
///   2. page 1: OpusTags alone, granule 0 — an empty vendor string and no comments, so the file names
///      no encoder, device or person;
///   3. audio pages of up to <see cref="PacketsPerPage"/> packets of one 20 ms frame each (fewer if
///      their lacing would pass 255 values), each page's granule the number of 48 kHz samples decoded
///      once its packets are (pre-skip included);
///   4. the last page flagged end of stream, its granule pre-skip + the real sample count, which tells
///      the player to drop the zero padding of the final frame (end trimming, RFC 7845 §4.4).
/// The serial number comes from the CSPRNG, so two notes share nothing but their format.
/// </summary>
internal static class OggOpusWriter
{
    /// <summary>One second of 20 ms packets per page: ~3 KB pages at 24 kbit/s, and a damaged page loses at most a second.</summary>
    public const int PacketsPerPage = 50;

    public static byte[] Write(int preSkip, IReadOnlyList<byte[]> packets, long finalGranule)
    {
        using var output = new MemoryStream();
        var stream = new LogicalStream(output, RandomSerial());
        stream.WritePage([OpusHeaders.Head(preSkip, channels: 1)], granule: 0, OggPage.FlagFirst);
        stream.WritePage([OpusHeaders.EmptyTags()], granule: 0, flags: 0);
        long granule = 0;
        var page = new List<byte[]>();
        var lacing = 0;
        for (var i = 0; i < packets.Count; i++)
        {
            page.Add(packets[i]);
            lacing += LacingValues(packets[i].Length);
            granule += VoiceLimits.FrameSamples;
            var isLast = i == packets.Count - 1;
            var nextFits = !isLast && lacing + LacingValues(packets[i + 1].Length) <= OggPage.MaxSegments;
            if (isLast || page.Count == PacketsPerPage || !nextFits)
            {
                stream.WritePage(page, isLast ? finalGranule : granule, isLast ? OggPage.FlagLast : (byte)0);
                page = [];
                lacing = 0;
            }
        }

        return output.ToArray();
    }

    /// <summary>A packet takes length / 255 lacing values of 255 and one final value below 255.</summary>
    private static int LacingValues(int length) => (length / OggPage.MaxLacingValue) + 1;

    private static uint RandomSerial()
    {
        Span<byte> random = stackalloc byte[4];
        RandomNumberGenerator.Fill(random);
        return BinaryPrimitives.ReadUInt32LittleEndian(random);
    }

    private sealed class LogicalStream(Stream output, uint serial)
    {
        private uint sequence;

        /// <summary>One page holding whole packets (an Opus packet is far below 255 × 255 bytes).</summary>
        public void WritePage(IReadOnlyList<byte[]> packets, long granule, byte flags)
        {
            var lacing = new List<byte>();
            foreach (var packet in packets)
            {
                // A packet is a run of 255s ended by a value below 255 (0 when its length is a multiple of 255).
                for (var left = packet.Length; ; left -= OggPage.MaxLacingValue)
                {
                    lacing.Add((byte)Math.Min(left, OggPage.MaxLacingValue));
                    if (left < OggPage.MaxLacingValue)
                    {
                        break;
                    }
                }
            }

            if (lacing.Count > OggPage.MaxSegments)
            {
                throw new InvalidOperationException("too many packets for one Ogg page");
            }

            var page = new byte[OggPage.HeaderSize + lacing.Count + packets.Sum(p => p.Length)];
            OggPage.Capture.CopyTo(page);
            page[4] = 0; // stream structure version
            page[5] = flags;
            BinaryPrimitives.WriteInt64LittleEndian(page.AsSpan(6), granule);
            BinaryPrimitives.WriteUInt32LittleEndian(page.AsSpan(14), serial);
            BinaryPrimitives.WriteUInt32LittleEndian(page.AsSpan(18), sequence++);
            page[26] = (byte)lacing.Count;
            lacing.CopyTo(page, OggPage.HeaderSize);
            var offset = OggPage.HeaderSize + lacing.Count;
            foreach (var packet in packets)
            {
                packet.CopyTo(page, offset);
                offset += packet.Length;
            }

            BinaryPrimitives.WriteUInt32LittleEndian(page.AsSpan(OggPage.CrcOffset), OggCrc.Compute(page));
            output.Write(page);
        }
    }
}
