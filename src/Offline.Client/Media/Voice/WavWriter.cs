using System.Buffers.Binary;

namespace Offline.Client.Media.Voice;

/// <summary>Writes decoded voice-note audio as a plain WAV any player opens: RIFF, 16-bit PCM, mono, 48 kHz, nothing but the fmt and data chunks.</summary>
public static class WavWriter
{
    private const int HeaderSize = 44;

    public static byte[] Write(ReadOnlySpan<float> pcm48k)
    {
        var dataLength = checked(pcm48k.Length * 2);
        var wav = new byte[HeaderSize + dataLength];
        var span = wav.AsSpan();
        "RIFF"u8.CopyTo(span);
        BinaryPrimitives.WriteUInt32LittleEndian(span[4..], (uint)(36 + dataLength));
        "WAVEfmt "u8.CopyTo(span[8..]);
        BinaryPrimitives.WriteUInt32LittleEndian(span[16..], 16);
        BinaryPrimitives.WriteUInt16LittleEndian(span[20..], 1); // integer PCM
        BinaryPrimitives.WriteUInt16LittleEndian(span[22..], 1); // mono
        BinaryPrimitives.WriteUInt32LittleEndian(span[24..], VoiceLimits.SampleRate);
        BinaryPrimitives.WriteUInt32LittleEndian(span[28..], VoiceLimits.SampleRate * 2);
        BinaryPrimitives.WriteUInt16LittleEndian(span[32..], 2);
        BinaryPrimitives.WriteUInt16LittleEndian(span[34..], 16);
        "data"u8.CopyTo(span[36..]);
        BinaryPrimitives.WriteUInt32LittleEndian(span[40..], (uint)dataLength);
        for (var i = 0; i < pcm48k.Length; i++)
        {
            var value = (int)Math.Round(Math.Clamp(pcm48k[i], -1f, 1f) * 32767f);
            BinaryPrimitives.WriteInt16LittleEndian(span[(HeaderSize + (2 * i))..], (short)value);
        }

        return wav;
    }
}
