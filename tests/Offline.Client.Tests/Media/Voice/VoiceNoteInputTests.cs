using System.Buffers.Binary;
using Offline.Client.Media.Voice;
using Xunit.Abstractions;

namespace Offline.Client.Tests.Media.Voice;

/// <summary>What the encoder takes in: the WAV and Ogg/Opus files people have, and everything else refused with a reason.</summary>
public sealed class VoiceNoteInputTests(ITestOutputHelper output)
{
    private const double F0 = 150.0;

    [Theory]
    [InlineData(44_100, 16, 2)]
    [InlineData(48_000, 32, 1)]
    [InlineData(8_000, 16, 1)]
    [InlineData(22_050, 24, 1)]
    [InlineData(96_000, 32, 2)]
    public void TryEncode_CommonWav_KeepsPitchAndDuration(int rate, int bits, int channels)
    {
        var left = TestVoice.Vowel(F0, 2.0, rate);
        var tracks = channels == 1 ? new[] { left } : new[] { left, left.Select(x => x * 0.5f).ToArray() };

        Assert.Equal(VoiceError.None, VoiceNoteEncoder.TryEncode(TestVoice.Wav(rate, bits, tracks), VoiceEffect.Normal, out var note));
        Assert.Equal(VoiceError.None, VoiceNoteDecoder.TryDecode(note!.OggOpus, out var pcm));

        var f0 = PitchMeter.MedianF0(pcm, 48_000, 0.3, 1.7);
        output.WriteLine($"{rate} Hz {bits}-bit ×{channels}: f0 {f0:F2} Hz, {pcm.Length} samples, {note.OggOpus.Length} bytes");
        Assert.InRange(f0, F0 * 0.98, F0 * 1.02);
        Assert.Equal(96_000, pcm.Length);
        Assert.Equal(2000, note.DurationMs);
    }

    [Fact]
    public void TryEncode_WaveFormatExtensibleFloat_IsRead()
    {
        var samples = TestVoice.Vowel(F0, 1.0, 48_000);
        var wav = TestVoice.Wav(48_000, 32, samples);
        var fmt = new byte[40];
        TestVoice.Fmt(0xFFFE, 1, 48_000, 32).CopyTo(fmt, 0);
        BinaryPrimitives.WriteUInt16LittleEndian(fmt.AsSpan(16), 22); // cbSize
        BinaryPrimitives.WriteUInt16LittleEndian(fmt.AsSpan(18), 32); // valid bits
        BinaryPrimitives.WriteUInt32LittleEndian(fmt.AsSpan(20), 4); // front centre
        byte[] floatGuid = [0x03, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71];
        floatGuid.CopyTo(fmt, 24);
        var extensible = TestVoice.RiffWave(TestVoice.Chunk("fmt ", fmt), TestVoice.Chunk("LIST", new byte[7]), TestVoice.Chunk("data", wav[44..]));

        Assert.Equal(VoiceError.None, VoiceNoteEncoder.TryEncode(extensible, VoiceEffect.Normal, out var note));
        Assert.Equal(1000, note!.DurationMs);
    }

    [Fact]
    public void TryEncode_OggOpusFile_IsDecodedAndEncodedAfresh()
    {
        var samples = TestVoice.Vowel(F0, 2.0, 48_000);
        Assert.Equal(VoiceError.None, VoiceNoteEncoder.TryEncode(TestVoice.Wav(48_000, 16, samples), VoiceEffect.Normal, out var first));

        Assert.Equal(VoiceError.None, VoiceNoteEncoder.TryEncode(first!.OggOpus, VoiceEffect.Deep, out var second));
        Assert.Equal(VoiceError.None, VoiceNoteDecoder.TryDecode(second!.OggOpus, out var pcm));

        Assert.NotEqual(OggPageView.Parse(first.OggOpus)[0].Serial, OggPageView.Parse(second.OggOpus)[0].Serial);
        Assert.Equal(samples.Length, pcm.Length);
        Assert.InRange(PitchMeter.MedianF0(pcm, 48_000, 0.3, 1.7), F0 * 0.75 * 0.95, F0 * 0.75 * 1.05);
    }

    [Fact]
    public void TryEncode_StereoOggOpusWithGain_IsDownmixedAndGainApplied()
    {
        // A stereo Ogg Opus file as another program would write it, +6 dB of header gain.
        var samples = TestVoice.Vowel(F0, 1.0, 48_000, peak: 0.25);
        var file = ForeignStereoOgg(samples, gainQ78: 6 * 256);

        Assert.Equal(VoiceError.None, VoiceNoteDecoder.TryDecode(file, out var pcm));

        Assert.Equal(samples.Length, pcm.Length);
        var peak = pcm.Skip(4800).Take(38_400).Max(Math.Abs);
        Assert.InRange(peak, 0.25 * 1.995 * 0.85, 0.25 * 1.995 * 1.15);
        Assert.Equal(VoiceError.None, VoiceNoteEncoder.TryEncode(file, VoiceEffect.Normal, out _));
    }

    [Fact]
    public void TryEncode_OverFiveMinutes_IsTooLong()
    {
        // 301 s of 8 kHz 16-bit mono: refused from the header, before a sample is converted.
        var data = new byte[301 * 8_000 * 2];
        data[1000] = 0x40;
        var wav = TestVoice.RiffWave(TestVoice.Chunk("fmt ", TestVoice.Fmt(1, 1, 8_000, 16)), TestVoice.Chunk("data", data));
        Assert.Equal(VoiceError.TooLong, VoiceNoteEncoder.TryEncode(wav, VoiceEffect.Normal, out var note));
        Assert.Null(note);

        // An Ogg Opus file of 302 s (one packet repeated): refused while decoding.
        Assert.Equal(VoiceError.None, VoiceNoteEncoder.TryEncode(TestVoice.Wav(48_000, 16, TestVoice.Vowel(F0, 0.1, 48_000)), VoiceEffect.Normal, out var tiny));
        var packet = OggPageView.Parse(tiny!.OggOpus)[2].Packets(tiny.OggOpus)[2];
        var packets = Enumerable.Repeat(packet, 302 * 50).ToList();
        var longOgg = OggOpusWriter.Write(312, packets, 312L + (302 * 48_000));
        Assert.Equal(VoiceError.TooLong, VoiceNoteEncoder.TryEncode(longOgg, VoiceEffect.Normal, out _));
    }

    [Fact]
    public void TryEncode_ExactlyFiveMinutesOfWavHeader_IsNotTooLong()
    {
        // The limit is inclusive: 300 s of silence passes the length check and is then refused as silent.
        var wav = TestVoice.RiffWave(TestVoice.Chunk("fmt ", TestVoice.Fmt(1, 1, 8_000, 16)), TestVoice.Chunk("data", new byte[300 * 8_000 * 2]));
        Assert.Equal(VoiceError.Silent, VoiceNoteEncoder.TryEncode(wav, VoiceEffect.Normal, out _));
    }

    [Fact]
    public void TryEncode_RandomBytesOrEmpty_IsNotAudio()
    {
        var random = new Random(5);
        for (var i = 0; i < 20; i++)
        {
            var bytes = new byte[random.Next(1, 5000)];
            random.NextBytes(bytes);
            Assert.Equal(VoiceError.NotAudio, VoiceNoteEncoder.TryEncode(bytes, VoiceEffect.Normal, out var note));
            Assert.Null(note);
        }

        Assert.Equal(VoiceError.NotAudio, VoiceNoteEncoder.TryEncode([], VoiceEffect.Normal, out _));
        Assert.Equal(VoiceError.NotAudio, VoiceNoteEncoder.TryEncode("ID3\u0003\0\0\0\0\0\0"u8, VoiceEffect.Normal, out _));
    }

    [Fact]
    public void TryEncode_SilentOrEmptyRecording_IsSilent()
    {
        Assert.Equal(VoiceError.Silent, VoiceNoteEncoder.TryEncode(TestVoice.Wav(48_000, 16, new float[48_000]), VoiceEffect.Normal, out _));
        Assert.Equal(VoiceError.Silent, VoiceNoteEncoder.TryEncode(TestVoice.Wav(44_100, 16, Array.Empty<float>()), VoiceEffect.Robot, out _));
        Assert.Equal(VoiceError.Silent, VoiceNoteEncoder.TryEncode(TestVoice.Wav(48_000, 32, Enumerable.Repeat(1e-5f, 4800).ToArray()), VoiceEffect.Normal, out _));
    }

    [Fact]
    public void TryEncode_WavCutShort_IsTruncated()
    {
        var wav = TestVoice.Wav(44_100, 16, TestVoice.Vowel(F0, 0.5, 44_100));
        foreach (var cut in new[] { 12, 20, 30, 44, 45, wav.Length / 2, wav.Length - 1 })
        {
            Assert.Equal(VoiceError.Truncated, VoiceNoteEncoder.TryEncode(wav.AsSpan(0, cut), VoiceEffect.Normal, out _));
        }
    }

    [Theory]
    [InlineData(2, 44_100, 16, 1)] // Microsoft ADPCM
    [InlineData(1, 44_100, 8, 1)] // 8-bit PCM
    [InlineData(1, 44_100, 16, 3)] // three channels
    [InlineData(1, 4_000, 16, 1)] // below 8 kHz
    [InlineData(1, 192_000, 16, 1)] // above 96 kHz
    [InlineData(3, 44_100, 64, 1)] // 64-bit float
    public void TryEncode_WavOfAnotherEncoding_IsUnsupported(int formatTag, int rate, int bits, int channels)
    {
        var tracks = Enumerable.Range(0, channels).Select(_ => TestVoice.Sine(440, 0.1, rate)).ToArray();
        var wav = TestVoice.WavWithFormat((ushort)formatTag, rate, bits == 64 ? 32 : bits, tracks);
        if (bits == 64)
        {
            wav = TestVoice.RiffWave(TestVoice.Chunk("fmt ", TestVoice.Fmt(3, 1, rate, 64)), TestVoice.Chunk("data", new byte[800]));
        }

        Assert.Equal(VoiceError.UnsupportedFormat, VoiceNoteEncoder.TryEncode(wav, VoiceEffect.Normal, out _));
    }

    [Fact]
    public void TryEncode_WavWithoutFmtOrWithABadBlockAlign_IsDamaged()
    {
        Assert.Equal(VoiceError.Damaged, VoiceNoteEncoder.TryEncode(TestVoice.RiffWave(TestVoice.Chunk("data", new byte[100])), VoiceEffect.Normal, out _));
        var fmt = TestVoice.Fmt(1, 1, 48_000, 16);
        fmt[12] = 3;
        Assert.Equal(VoiceError.Damaged, VoiceNoteEncoder.TryEncode(TestVoice.RiffWave(TestVoice.Chunk("fmt ", fmt), TestVoice.Chunk("data", new byte[100])), VoiceEffect.Normal, out _));
        Assert.Equal(VoiceError.Damaged, VoiceNoteEncoder.TryEncode("RIFF\u0002\0\0\0WAVE"u8, VoiceEffect.Normal, out _));
    }

    [Fact]
    public void TryEncode_MutatedWavHeaders_NeverThrow()
    {
        var wav = TestVoice.Wav(44_100, 16, TestVoice.Vowel(F0, 0.05, 44_100), TestVoice.Vowel(F0, 0.05, 44_100));
        var random = new Random(3);
        for (var round = 0; round < 500; round++)
        {
            var file = (byte[])wav.Clone();
            for (var i = 0; i < 1 + random.Next(3); i++)
            {
                file[4 + random.Next(44)] = (byte)random.Next(256);
            }

            var error = VoiceNoteEncoder.TryEncode(file, VoiceEffect.Normal, out var note);
            Assert.Equal(error == VoiceError.None, note is not null);
        }
    }

    [Fact]
    public void WavWriter_DecodedNote_RoundTripsThroughTheWavReader()
    {
        var samples = TestVoice.Vowel(F0, 1.0, 48_000);
        Assert.Equal(VoiceError.None, VoiceNoteEncoder.TryEncode(TestVoice.Wav(48_000, 16, samples), VoiceEffect.High, out var note));
        Assert.Equal(VoiceError.None, VoiceNoteDecoder.TryDecode(note!.OggOpus, out var pcm));

        var wav = WavWriter.Write(pcm);

        Assert.Equal(44 + (2 * pcm.Length), wav.Length);
        Assert.Equal(VoiceError.None, WavReader.TryRead(wav, out var back, out var rate));
        Assert.Equal(48_000, rate);
        Assert.Equal(pcm.Length, back.Length);
        Assert.All(Enumerable.Range(0, pcm.Length), i => Assert.InRange(back[i] - pcm[i], -1.1f / 32767, 1.1f / 32767));
    }

    [Fact]
    public void Resampler_ToneAboveTheNewNyquist_IsRemovedAndOneBelowKept()
    {
        // 96 kHz → 48 kHz: a 30 kHz tone would fold to 18 kHz if it were not filtered out first.
        var mixed = TestVoice.Sine(30_000, 1.0, 96_000).Zip(TestVoice.Sine(1_000, 1.0, 96_000), (a, b) => a + b).ToArray();
        var resampled = Resampler.To48k(mixed, 96_000);

        var kept = PitchMeter.PowerDb(resampled, 48_000, 1_000, 0.1, 0.9);
        var alias = PitchMeter.PowerDb(resampled, 48_000, 18_000, 0.1, 0.9);
        output.WriteLine($"1 kHz {kept:F1} dB, 18 kHz alias {alias:F1} dB");
        Assert.InRange(kept, PitchMeter.PowerDb(mixed, 96_000, 1_000, 0.1, 0.9) - 0.5, PitchMeter.PowerDb(mixed, 96_000, 1_000, 0.1, 0.9) + 0.5);
        Assert.True(kept - alias > 70, $"alias only {kept - alias:F1} dB down");

        // 8 kHz → 48 kHz: no image of a 3 kHz tone at 5 kHz (8 - 3) or 11 kHz (8 + 3).
        var upsampled = Resampler.To48k(TestVoice.Sine(3_000, 1.0, 8_000), 8_000);
        var tone = PitchMeter.PowerDb(upsampled, 48_000, 3_000, 0.1, 0.9);
        var image = Math.Max(PitchMeter.PowerDb(upsampled, 48_000, 5_000, 0.1, 0.9), PitchMeter.PowerDb(upsampled, 48_000, 11_000, 0.1, 0.9));
        output.WriteLine($"3 kHz {tone:F1} dB, images {image:F1} dB");
        Assert.True(tone - image > 70, $"image only {tone - image:F1} dB down");
    }

    /// <summary>A stereo (two-channel, family 0) Ogg Opus file with an output gain, written page by page here.</summary>
    private static byte[] ForeignStereoOgg(float[] mono, short gainQ78)
    {
        Concentus.OpusCodecFactory.AttemptToUseNativeLibrary = false;
        var encoder = Concentus.OpusCodecFactory.CreateEncoder(48_000, 2, Concentus.Enums.OpusApplication.OPUS_APPLICATION_AUDIO);
        var preSkip = encoder.Lookahead;
        var stereo = new float[(mono.Length + preSkip + 960) * 2];
        for (var i = 0; i < mono.Length; i++)
        {
            (stereo[2 * i], stereo[(2 * i) + 1]) = (mono[i], mono[i]);
        }

        var packets = new List<byte[]>();
        var buffer = new byte[4000];
        for (var f = 0; (f + 1) * 960 * 2 <= stereo.Length; f++)
        {
            var size = encoder.Encode(stereo.AsSpan(f * 1920, 1920), 960, buffer, buffer.Length);
            packets.Add(buffer[..size]);
        }

        var file = OggOpusWriter.Write(preSkip, packets, preSkip + mono.Length);
        var head = OggPageView.Parse(file)[0];
        file[head.BodyOffset + 9] = 2;
        BinaryPrimitives.WriteInt16LittleEndian(file.AsSpan(head.BodyOffset + 16), gainQ78);
        head.Reseal(file);
        return file;
    }
}
