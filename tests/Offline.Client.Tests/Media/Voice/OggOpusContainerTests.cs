using System.Buffers.Binary;
using System.Text;
using Concentus;
using Concentus.Enums;
using Offline.Client.Media.Voice;

namespace Offline.Client.Tests.Media.Voice;

/// <summary>The Ogg Opus file a voice note travels as: its layout (RFC 3533, RFC 7845), what it does not say, and a reader that refuses damage.</summary>
public sealed class OggOpusContainerTests
{
    private const int Rate = 48_000;
    private static readonly float[] Input = TestVoice.Vowel(150, 2.5, Rate);
    private static readonly byte[] Note = Encode(Input);

    [Fact]
    public void OggCrc_CheckString_MatchesTheCatalogueValue()
    {
        // CRC-32/CKSUM's check value 0x765E7680 is this CRC with a final XOR of all ones.
        Assert.Equal(0x765E7680u ^ 0xFFFFFFFFu, OggCrc.Compute("123456789"u8));
        Assert.Equal(OggPageView.Crc("123456789"u8), OggCrc.Compute("123456789"u8));
    }

    [Fact]
    public void Write_Note_HasOpusHeadThenEmptyOpusTagsThenAudioPagesWithValidCrcs()
    {
        var pages = OggPageView.Parse(Note);

        Assert.All(pages, p => Assert.Equal(BinaryPrimitives.ReadUInt32LittleEndian(Note.AsSpan(p.Offset + 22)), CrcWithoutField(p)));
        Assert.All(pages, p => Assert.Equal(pages[0].Serial, p.Serial));
        Assert.Equal(Enumerable.Range(0, pages.Count).Select(i => (uint)i), pages.Select(p => p.Sequence));
        Assert.Equal(Enumerable.Range(0, pages.Count).Select(i => i == 0 ? 2 : i == pages.Count - 1 ? 4 : 0), pages.Select(p => (int)p.Flags));

        var head = Assert.Single(pages[0].Packets(Note));
        Assert.Equal(19, head.Length);
        Assert.Equal("OpusHead"u8.ToArray(), head[..8]);
        Assert.Equal(1, head[8]); // version
        Assert.Equal(1, head[9]); // mono
        Assert.Equal(ExpectedPreSkip(), BinaryPrimitives.ReadUInt16LittleEndian(head.AsSpan(10)));
        Assert.Equal(48_000u, BinaryPrimitives.ReadUInt32LittleEndian(head.AsSpan(12)));
        Assert.Equal(0, BinaryPrimitives.ReadInt16LittleEndian(head.AsSpan(16))); // output gain
        Assert.Equal(0, head[18]); // mapping family
        Assert.Equal(0, pages[0].Granule);

        // OpusTags: the magic, a vendor string of length 0, zero comments, and nothing else.
        var tags = Assert.Single(pages[1].Packets(Note));
        Assert.Equal([.. "OpusTags"u8, 0, 0, 0, 0, 0, 0, 0, 0], tags);
        Assert.Equal(0, pages[1].Granule);
    }

    [Fact]
    public void Write_Note_GranulesCountDecodedSamplesAndTheLastTrimsToTheInput()
    {
        var pages = OggPageView.Parse(Note);
        var preSkip = ExpectedPreSkip();
        long samples = 0;
        foreach (var page in pages.Skip(2))
        {
            foreach (var packet in page.Packets(Note))
            {
                Assert.Equal(0, packet[0] & 0x03); // TOC code 0: one frame per packet
                Assert.Equal(20.0, FrameMs(packet[0]));
                samples += 960;
            }

            Assert.Equal(page == pages[^1] ? preSkip + Input.Length : samples, page.Granule);
        }

        Assert.InRange(samples - (preSkip + Input.Length), 0, 959);
    }

    [Fact]
    public void Write_LargePackets_StartANewPageBeforeTheLacingOverflows()
    {
        var packets = Enumerable.Range(0, 120).Select(i => Enumerable.Repeat((byte)i, i % 2 == 0 ? 1_000 : 510).ToArray()).ToList();

        var file = OggOpusWriter.Write(312, packets, (120 * 960) - 100);

        var pages = OggPageView.Parse(file);
        Assert.All(pages, p => Assert.InRange(p.Lacing.Length, 1, 255));
        Assert.Equal(packets, pages.Skip(2).SelectMany(p => p.Packets(file)));
        var counted = 0;
        foreach (var page in pages.Skip(2))
        {
            counted += page.Packets(file).Count;
            Assert.Equal(page == pages[^1] ? (120 * 960) - 100 : counted * 960, page.Granule);
        }

        Assert.Equal(VoiceError.None, OggPacketReader.TryRead(file, out var read));
        Assert.Equal(packets, read.Skip(2).Select(p => p.Data));
    }

    [Fact]
    public void Write_TwoNotesOfTheSameSound_HaveDifferentRandomSerials()
    {
        var serials = Enumerable.Range(0, 4).Select(_ => OggPageView.Parse(Encode(Input))[0].Serial).ToHashSet();
        Assert.Equal(4, serials.Count);
    }

    [Fact]
    public void Write_Note_NamesNoEncoderAndCarriesNoTags()
    {
        var text = Encoding.Latin1.GetString(Note);
        foreach (var word in new[] { "Concentus", "libopus", "opus-", "ENCODER", "vendor", "TITLE", "ARTIST", "Lavf", "Offline" })
        {
            Assert.DoesNotContain(word, text, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public void TryDecode_AnyFlippedByte_IsRefusedAsDamaged()
    {
        // One byte in every page (and the CRC field of one): the checksum catches each.
        foreach (var page in OggPageView.Parse(Note))
        {
            foreach (var offset in new[] { page.Offset + 5, page.Offset + 6, page.Offset + 22, page.BodyOffset, page.Offset + page.Size - 1 })
            {
                var tampered = (byte[])Note.Clone();
                tampered[offset] ^= 0x10;
                Assert.Equal(VoiceError.Damaged, VoiceNoteDecoder.TryDecode(tampered, out var pcm));
                Assert.Empty(pcm);
            }
        }
    }

    [Fact]
    public void TryDecode_CutAnywhere_IsRefusedAsTruncated()
    {
        var pages = OggPageView.Parse(Note);
        var cuts = pages.SelectMany(p => new[] { p.Offset + p.Size, p.Offset + 10, p.Offset + 27, p.BodyOffset + 1 })
            .Where(c => c > 4 && c < Note.Length).Distinct();
        foreach (var cut in cuts)
        {
            Assert.Equal(VoiceError.Truncated, VoiceNoteDecoder.TryDecode(Note.AsSpan(0, cut), out _));
        }
    }

    [Fact]
    public void TryDecode_BytesAfterTheLastPage_AreRefused()
    {
        Assert.Equal(VoiceError.Damaged, VoiceNoteDecoder.TryDecode([.. Note, 0], out _));
        Assert.Equal(VoiceError.Damaged, VoiceNoteDecoder.TryDecode([.. Note, .. Note], out _));
    }

    [Fact]
    public void TryDecode_ResealedStructuralChanges_AreRefused()
    {
        var pages = OggPageView.Parse(Note);

        // A gap in the page sequence (a page lost in between).
        Assert.Equal(VoiceError.Damaged, VoiceNoteDecoder.TryDecode([.. Note.AsSpan(0, pages[3].Offset), .. Note.AsSpan(pages[4].Offset)], out _));

        // A middle page claiming a granule that does not match its packets.
        Assert.Equal(VoiceError.Damaged, Decode(Doctor(pages[2], (file, p) => BinaryPrimitives.WriteInt64LittleEndian(file.AsSpan(p.Offset + 6), p.Granule + 960))));

        // A final granule beyond the audio present, or before the pre-skip.
        Assert.Equal(VoiceError.Damaged, Decode(Doctor(pages[^1], (file, p) => BinaryPrimitives.WriteInt64LittleEndian(file.AsSpan(p.Offset + 6), p.Granule + 100_000))));
        Assert.Equal(VoiceError.Damaged, Decode(Doctor(pages[^1], (file, p) => BinaryPrimitives.WriteInt64LittleEndian(file.AsSpan(p.Offset + 6), 100))));

        // No beginning-of-stream flag on the first page; a second stream beginning, or a second stream's serial.
        Assert.Equal(VoiceError.Damaged, Decode(Doctor(pages[0], (file, p) => file[p.Offset + 5] = 0)));
        Assert.Equal(VoiceError.UnsupportedFormat, Decode(Doctor(pages[2], (file, p) => file[p.Offset + 5] = 2)));
        Assert.Equal(VoiceError.UnsupportedFormat, Decode(Doctor(pages[2], (file, p) => file[p.Offset + 14] ^= 1)));

        // A continuation flag with nothing to continue.
        Assert.Equal(VoiceError.Damaged, Decode(Doctor(pages[2], (file, p) => file[p.Offset + 5] = 1)));

        // Something other than OpusTags second; an Ogg stream of another codec first.
        Assert.Equal(VoiceError.Damaged, Decode(Doctor(pages[1], (file, p) => file[p.BodyOffset + 4] = (byte)'X')));
        Assert.Equal(VoiceError.UnsupportedFormat, Decode(Doctor(pages[0], (file, p) => "\u0001vorbis\0"u8.CopyTo(file.AsSpan(p.BodyOffset)))));
    }

    [Fact]
    public void TryDecode_ResealedGarbagePackets_NeverThrow()
    {
        // Past the checksum: random bytes inside the audio packets, pages resealed. Concentus must
        // either decode them (Opus has no integrity check of its own) or be refused, never throw.
        var random = new Random(11);
        var pages = OggPageView.Parse(Note);
        for (var round = 0; round < 200; round++)
        {
            var page = pages[2 + random.Next(pages.Count - 2)];
            var file = (byte[])Note.Clone();
            for (var i = 0; i < 8; i++)
            {
                file[page.BodyOffset + random.Next(page.Offset + page.Size - page.BodyOffset)] = (byte)random.Next(256);
            }

            page.Reseal(file);
            var error = VoiceNoteDecoder.TryDecode(file, out var pcm);
            Assert.True(error is VoiceError.None or VoiceError.Damaged, $"round {round}: {error}");
            Assert.Equal(error == VoiceError.None ? Input.Length : 0, pcm.Length);
        }
    }

    [Fact]
    public void TryDecode_ResealedGarbageAnywhere_NeverThrows()
    {
        // Header pages included (pre-skip, channel count, lacing, granules): every outcome is a VoiceError.
        var random = new Random(12);
        var pages = OggPageView.Parse(Note);
        var outcomes = new HashSet<VoiceError>();
        for (var round = 0; round < 300; round++)
        {
            var page = pages[random.Next(3) switch { 0 => 0, 1 => 1, _ => random.Next(pages.Count) }];
            var file = (byte[])Note.Clone();
            var offset = 4 + random.Next(page.Size - 4);
            if (offset is < 22 or > 25)
            {
                file[page.Offset + offset] = (byte)random.Next(256);
            }

            page.Reseal(file);
            outcomes.Add(VoiceNoteDecoder.TryDecode(file, out _));
        }

        Assert.Contains(VoiceError.Damaged, outcomes);
    }

    [Fact]
    public void TryDecode_NotOgg_IsNotAudio()
    {
        Assert.Equal(VoiceError.NotAudio, VoiceNoteDecoder.TryDecode([], out _));
        Assert.Equal(VoiceError.NotAudio, VoiceNoteDecoder.TryDecode(TestVoice.Wav(Rate, 16, Input), out _));
        Assert.Equal(VoiceError.Truncated, VoiceNoteDecoder.TryDecode("OggS"u8, out _));
    }

    /// <summary>The frame length a TOC byte announces (RFC 6716 §3.1): SILK configs 0-11, hybrid 12-15, CELT 16-31.</summary>
    private static double FrameMs(byte toc)
    {
        var config = toc >> 3;
        return config switch
        {
            < 12 => new[] { 10.0, 20, 40, 60 }[config % 4],
            < 16 => new[] { 10.0, 20 }[config % 2],
            _ => new[] { 2.5, 5, 10, 20 }[config % 4],
        };
    }

    private static byte[] Doctor(OggPageView page, Action<byte[], OggPageView> change)
    {
        var file = (byte[])Note.Clone();
        change(file, page);
        page.Reseal(file);
        return file;
    }

    private static VoiceError Decode(byte[] file) => VoiceNoteDecoder.TryDecode(file, out _);

    private static uint CrcWithoutField(OggPageView page)
    {
        var copy = Note.AsSpan(page.Offset, page.Size).ToArray();
        copy.AsSpan(22, 4).Clear();
        return OggPageView.Crc(copy);
    }

    /// <summary>The look-ahead Concentus reports for our settings, asked of Concentus directly.</summary>
    private static int ExpectedPreSkip()
    {
        OpusCodecFactory.AttemptToUseNativeLibrary = false;
        var encoder = OpusCodecFactory.CreateEncoder(Rate, 1, OpusApplication.OPUS_APPLICATION_VOIP);
        return encoder.Lookahead;
    }

    private static byte[] Encode(float[] samples)
    {
        Assert.Equal(VoiceError.None, VoiceNoteEncoder.TryEncode(TestVoice.Wav(Rate, 16, samples), VoiceEffect.Normal, out var note));
        return note!.OggOpus;
    }
}
