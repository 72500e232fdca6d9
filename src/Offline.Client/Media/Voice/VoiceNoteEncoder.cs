namespace Offline.Client.Media.Voice;

/// <summary>
/// Turns a sound file the user picked or recorded into a voice note:
///   1. read it: a WAV (<see cref="WavReader"/>, resampled to 48 kHz by <see cref="Resampler"/>) or an
///      Ogg/Opus file (<see cref="VoiceNoteDecoder"/>), always down to mono;
///   2. refuse what is over 5 minutes, empty or silent;
///   3. disguise the voice (<see cref="VoiceEffects"/>);
///   4. encode 20 ms Opus frames at ~24 kbit/s, feeding zeros after the end until the encoder's
///      look-ahead (the pre-skip) has been flushed out;
///   5. wrap them in a fresh Ogg Opus file (<see cref="OggOpusWriter"/>) whose final granule trims the
///      padding, so the note plays exactly as many samples as went in;
///   6. measure its duration and waveform from the audio that was encoded.
/// Nothing of the original file survives but the sound: no tags, no rate, no encoder name.
/// </summary>
public static class VoiceNoteEncoder
{
    public static VoiceError TryEncode(ReadOnlySpan<byte> file, VoiceEffect effect, out VoiceNote? note)
    {
        if (!Enum.IsDefined(effect))
        {
            throw new ArgumentOutOfRangeException(nameof(effect), effect, "unknown voice effect");
        }

        note = null;
        var error = TryReadMono48k(file, out var samples);
        if (error != VoiceError.None)
        {
            return error;
        }

        if (samples.Length > VoiceLimits.MaxSamples)
        {
            return VoiceError.TooLong;
        }

        if (samples.Length == 0 || Peak(samples) < VoiceLimits.SilencePeak)
        {
            return VoiceError.Silent;
        }

        var disguised = VoiceEffects.Apply(samples, effect);
        var ogg = Encode(disguised);
        var durationMs = (int)Math.Round(disguised.Length * 1000.0 / VoiceLimits.SampleRate);
        note = new VoiceNote(ogg, durationMs, Waveform.Levels(disguised));
        return VoiceError.None;
    }

    private static VoiceError TryReadMono48k(ReadOnlySpan<byte> file, out float[] samples)
    {
        samples = [];
        if (file.Length > VoiceLimits.MaxInputBytes)
        {
            return VoiceError.FileTooLarge;
        }

        if (OggPacketReader.LooksLikeOgg(file))
        {
            return VoiceNoteDecoder.TryDecode(file, out samples);
        }

        if (!WavReader.LooksLikeWav(file))
        {
            return VoiceError.NotAudio;
        }

        var error = WavReader.TryRead(file, out var mono, out var rate);
        if (error == VoiceError.None)
        {
            samples = Resampler.To48k(mono, rate);
        }

        return error;
    }

    /// <summary>Steps 4 and 5.</summary>
    private static byte[] Encode(float[] samples)
    {
        var encoder = OpusCodec.CreateVoiceEncoder();
        var preSkip = encoder.Lookahead;
        var total = (long)preSkip + samples.Length;
        var frameCount = (int)((total + VoiceLimits.FrameSamples - 1) / VoiceLimits.FrameSamples);
        var packets = new List<byte[]>(frameCount);
        var frame = new float[VoiceLimits.FrameSamples];
        var packet = new byte[OpusCodec.MaxEncodedFrameBytes];
        for (var f = 0; f < frameCount; f++)
        {
            var start = f * VoiceLimits.FrameSamples;
            Array.Clear(frame);
            if (start < samples.Length)
            {
                var length = Math.Min(VoiceLimits.FrameSamples, samples.Length - start);
                samples.AsSpan(start, length).CopyTo(frame);
            }

            var size = encoder.Encode(frame, VoiceLimits.FrameSamples, packet, packet.Length);
            packets.Add(packet.AsSpan(0, size).ToArray());
        }

        return OggOpusWriter.Write(preSkip, packets, total);
    }

    private static float Peak(ReadOnlySpan<float> samples)
    {
        var peak = 0f;
        foreach (var x in samples)
        {
            peak = Math.Max(peak, Math.Abs(x));
        }

        return peak;
    }
}
