using System.Buffers.Binary;

namespace Offline.Client.Tests.Media.Voice;

/// <summary>
/// Synthetic test speech: a glottal-like source (a band-limited sawtooth, every harmonic of f0 at 1/k
/// up to 4 kHz) through three formant resonators of the vowel /a/ (700, 1,220, 2,600 Hz), 10 ms fades,
/// scaled to a 0.5 peak; and WAV files of it written by hand, independently of the code under test.
/// </summary>
internal static class TestVoice
{
    public static float[] Vowel(double f0, double seconds, int rate, double peak = 0.5)
    {
        var n = (int)(seconds * rate);
        var source = new double[n];
        var harmonics = (int)(Math.Min(4000.0, rate / 2.2) / f0);
        for (var i = 0; i < n; i++)
        {
            var t = (double)i / rate;
            for (var k = 1; k <= harmonics; k++)
            {
                source[i] += Math.Sin(2 * Math.PI * k * f0 * t) / k;
            }
        }

        foreach (var (freq, bandwidth) in new[] { (700.0, 130.0), (1220.0, 70.0), (2600.0, 160.0) })
        {
            source = Resonate(source, freq, bandwidth, rate);
        }

        var max = source.Max(Math.Abs);
        var fade = rate / 100;
        var output = new float[n];
        for (var i = 0; i < n; i++)
        {
            var envelope = Math.Min(1.0, Math.Min(i, n - 1 - i) / (double)fade);
            output[i] = (float)(source[i] / max * peak * envelope);
        }

        return output;
    }

    public static float[] Sine(double frequency, double seconds, int rate, double amplitude = 0.5)
    {
        var output = new float[(int)(seconds * rate)];
        for (var i = 0; i < output.Length; i++)
        {
            output[i] = (float)(amplitude * Math.Sin(2 * Math.PI * frequency * i / rate));
        }

        return output;
    }

    /// <summary>A two-pole resonator, y[n] = x[n] + 2r·cos(ω)·y[n-1] - r²·y[n-2].</summary>
    private static double[] Resonate(double[] x, double frequency, double bandwidth, int rate)
    {
        var r = Math.Exp(-Math.PI * bandwidth / rate);
        var a1 = 2 * r * Math.Cos(2 * Math.PI * frequency / rate);
        var a2 = -r * r;
        var y = new double[x.Length];
        for (var i = 0; i < x.Length; i++)
        {
            y[i] = x[i] + (i >= 1 ? a1 * y[i - 1] : 0) + (i >= 2 ? a2 * y[i - 2] : 0);
        }

        return y;
    }

    /// <summary>A WAV of the given channels (same length each), 16/24-bit PCM (format 1) or 32-bit float (format 3).</summary>
    public static byte[] Wav(int rate, int bits, params float[][] channels)
    {
        var format = bits == 32 ? (ushort)3 : (ushort)1;
        return WavWithFormat(format, rate, bits, channels);
    }

    public static byte[] WavWithFormat(ushort formatTag, int rate, int bits, params float[][] channels)
    {
        var frames = channels[0].Length;
        var bytesPerSample = bits / 8;
        var blockAlign = channels.Length * bytesPerSample;
        var data = new byte[frames * blockAlign];
        for (var i = 0; i < frames; i++)
        {
            for (var c = 0; c < channels.Length; c++)
            {
                var slot = data.AsSpan((i * blockAlign) + (c * bytesPerSample), bytesPerSample);
                var x = Math.Clamp(channels[c][i], -1f, 1f);
                switch (bits)
                {
                    case 32:
                        BinaryPrimitives.WriteSingleLittleEndian(slot, x);
                        break;
                    case 24:
                        var v = (int)Math.Round(x * 8388607);
                        (slot[0], slot[1], slot[2]) = ((byte)v, (byte)(v >> 8), (byte)(v >> 16));
                        break;
                    case 16:
                        BinaryPrimitives.WriteInt16LittleEndian(slot, (short)Math.Round(x * 32767));
                        break;
                    default:
                        slot[0] = (byte)(128 + Math.Round(x * 127));
                        break;
                }
            }
        }

        return RiffWave(Chunk("fmt ", Fmt(formatTag, channels.Length, rate, bits)), Chunk("data", data));
    }

    public static byte[] Fmt(ushort formatTag, int channels, int rate, int bits)
    {
        var fmt = new byte[16];
        BinaryPrimitives.WriteUInt16LittleEndian(fmt, formatTag);
        BinaryPrimitives.WriteUInt16LittleEndian(fmt.AsSpan(2), (ushort)channels);
        BinaryPrimitives.WriteUInt32LittleEndian(fmt.AsSpan(4), (uint)rate);
        BinaryPrimitives.WriteUInt32LittleEndian(fmt.AsSpan(8), (uint)(rate * channels * bits / 8));
        BinaryPrimitives.WriteUInt16LittleEndian(fmt.AsSpan(12), (ushort)(channels * bits / 8));
        BinaryPrimitives.WriteUInt16LittleEndian(fmt.AsSpan(14), (ushort)bits);
        return fmt;
    }

    public static byte[] Chunk(string id, byte[] body)
    {
        var chunk = new byte[8 + body.Length + (body.Length & 1)];
        System.Text.Encoding.ASCII.GetBytes(id).CopyTo(chunk, 0);
        BinaryPrimitives.WriteUInt32LittleEndian(chunk.AsSpan(4), (uint)body.Length);
        body.CopyTo(chunk, 8);
        return chunk;
    }

    public static byte[] RiffWave(params byte[][] chunks)
    {
        var body = chunks.SelectMany(c => c).ToArray();
        var file = new byte[12 + body.Length];
        "RIFF"u8.CopyTo(file);
        BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(4), (uint)(4 + body.Length));
        "WAVE"u8.CopyTo(file.AsSpan(8));
        body.CopyTo(file, 12);
        return file;
    }
}
