using System.Buffers.Binary;

namespace Offline.Client.Media.Voice;

/// <summary>
/// Reads a RIFF/WAVE file: 16- or 24-bit integer PCM or 32-bit float, mono or stereo (plain or
/// WAVE_FORMAT_EXTENSIBLE), 8-96 kHz, averaged down to mono. The length is checked from the header
/// before any sample is converted.
/// </summary>
internal static class WavReader
{
    private const ushort FormatPcm = 1;
    private const ushort FormatFloat = 3;
    private const ushort FormatExtensible = 0xFFFE;

    /// <summary>The tail shared by the KSDATAFORMAT_SUBTYPE GUIDs of PCM and IEEE float (the first two bytes are the format tag).</summary>
    private static ReadOnlySpan<byte> SubFormatGuidTail => [0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71];

    public static bool LooksLikeWav(ReadOnlySpan<byte> file) =>
        file.Length >= 12 && file[..4].SequenceEqual("RIFF"u8) && file.Slice(8, 4).SequenceEqual("WAVE"u8);

    public static VoiceError TryRead(ReadOnlySpan<byte> file, out float[] mono, out int rate)
    {
        mono = [];
        rate = 0;
        var riffEnd = 8L + BinaryPrimitives.ReadUInt32LittleEndian(file[4..]);
        if (riffEnd < 12)
        {
            return VoiceError.Damaged;
        }

        if (riffEnd > file.Length)
        {
            return VoiceError.Truncated;
        }

        var body = file[12..(int)riffEnd];
        WavFormat? format = null;
        while (body.Length > 0)
        {
            if (body.Length < 8)
            {
                return VoiceError.Truncated;
            }

            var id = body[..4];
            var size = BinaryPrimitives.ReadUInt32LittleEndian(body[4..]);
            if (size > body.Length - 8)
            {
                return VoiceError.Truncated;
            }

            var chunk = body.Slice(8, (int)size);
            if (id.SequenceEqual("fmt "u8))
            {
                var error = WavFormat.TryParse(chunk, out format);
                if (error != VoiceError.None)
                {
                    return error;
                }
            }
            else if (id.SequenceEqual("data"u8))
            {
                if (format is null)
                {
                    return VoiceError.Damaged;
                }

                rate = format.Rate;
                return ReadSamples(chunk, format, out mono);
            }

            // Chunks are padded to an even length; a missing pad byte at the very end is tolerated.
            var advance = 8 + (int)size + (int)(size & 1);
            body = body[Math.Min(advance, body.Length)..];
        }

        return format is null ? VoiceError.Damaged : VoiceError.Truncated;
    }

    private static VoiceError ReadSamples(ReadOnlySpan<byte> data, WavFormat format, out float[] mono)
    {
        mono = [];
        var frames = data.Length / format.BlockAlign;
        if ((long)frames * 1000 > (long)VoiceLimits.MaxDurationMs * format.Rate)
        {
            return VoiceError.TooLong;
        }

        mono = new float[frames];
        var bytesPerSample = format.BitsPerSample / 8;
        for (var i = 0; i < frames; i++)
        {
            var frame = data.Slice(i * format.BlockAlign, format.BlockAlign);
            var sum = 0f;
            for (var c = 0; c < format.Channels; c++)
            {
                sum += ReadSample(frame.Slice(c * bytesPerSample, bytesPerSample), format);
            }

            mono[i] = Math.Clamp(sum / format.Channels, -1f, 1f);
        }

        return VoiceError.None;
    }

    private static float ReadSample(ReadOnlySpan<byte> bytes, WavFormat format)
    {
        if (format.IsFloat)
        {
            var value = BinaryPrimitives.ReadSingleLittleEndian(bytes);
            return float.IsFinite(value) ? value : 0f;
        }

        return format.BitsPerSample == 16
            ? BinaryPrimitives.ReadInt16LittleEndian(bytes) / 32768f
            : (bytes[0] | (bytes[1] << 8) | ((sbyte)bytes[2] << 16)) / 8388608f;
    }

    private sealed record WavFormat(int Channels, int Rate, int BitsPerSample, int BlockAlign, bool IsFloat)
    {
        public static VoiceError TryParse(ReadOnlySpan<byte> chunk, out WavFormat? format)
        {
            format = null;
            if (chunk.Length < 16)
            {
                return VoiceError.Damaged;
            }

            var tag = BinaryPrimitives.ReadUInt16LittleEndian(chunk);
            var channels = BinaryPrimitives.ReadUInt16LittleEndian(chunk[2..]);
            var rate = BinaryPrimitives.ReadUInt32LittleEndian(chunk[4..]);
            var blockAlign = BinaryPrimitives.ReadUInt16LittleEndian(chunk[12..]);
            var bits = BinaryPrimitives.ReadUInt16LittleEndian(chunk[14..]);
            if (tag == FormatExtensible)
            {
                // cbSize (2), valid bits (2), channel mask (4), then the 16-byte sub-format GUID.
                if (chunk.Length < 40 || !chunk[26..40].SequenceEqual(SubFormatGuidTail))
                {
                    return VoiceError.UnsupportedFormat;
                }

                tag = BinaryPrimitives.ReadUInt16LittleEndian(chunk[24..]);
            }

            var isFloat = tag == FormatFloat && bits == 32;
            var isPcm = tag == FormatPcm && bits is 16 or 24;
            if (!(isFloat || isPcm) || channels is < 1 or > 2
                || rate is < VoiceLimits.MinInputRate or > VoiceLimits.MaxInputRate)
            {
                return VoiceError.UnsupportedFormat;
            }

            if (blockAlign != channels * bits / 8)
            {
                return VoiceError.Damaged;
            }

            format = new WavFormat(channels, (int)rate, bits, blockAlign, isFloat);
            return VoiceError.None;
        }
    }
}
