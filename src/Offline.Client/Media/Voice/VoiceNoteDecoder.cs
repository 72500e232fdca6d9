using Concentus;

namespace Offline.Client.Media.Voice;

/// <summary>
/// Turns an Ogg/Opus file (a received voice note, or a file the user picked) into 48 kHz mono samples
/// for playing, saving or sending. The container is read strictly (<see cref="OggPacketReader"/>), the
/// header layout of RFC 7845 is enforced, and hostile packets end in a <see cref="VoiceError"/>, never
/// an exception.
/// </summary>
public static class VoiceNoteDecoder
{
    public static VoiceError TryDecode(ReadOnlySpan<byte> oggOpus, out float[] pcm48k)
    {
        pcm48k = [];
        if (oggOpus.Length > VoiceLimits.MaxInputBytes)
        {
            return VoiceError.FileTooLarge;
        }

        if (!OggPacketReader.LooksLikeOgg(oggOpus))
        {
            return VoiceError.NotAudio;
        }

        var error = OggPacketReader.TryRead(oggOpus, out var packets);
        if (error == VoiceError.None)
        {
            error = CheckHeaders(packets, out var head);
            if (error == VoiceError.None)
            {
                error = DecodeAudio(packets, head, out pcm48k);
            }
        }

        return error;
    }

    /// <summary>
    /// RFC 7845 §3: OpusHead alone on the first page, OpusTags starting the second page, the first audio
    /// packet on a fresh page, and at least one audio packet.
    /// </summary>
    private static VoiceError CheckHeaders(List<OggPacket> packets, out OpusHead head)
    {
        head = default;
        if (packets.Count == 0 || packets[0].LastPage != 0)
        {
            return VoiceError.Damaged;
        }

        var error = OpusHeaders.TryParseHead(packets[0].Data, out head);
        if (error != VoiceError.None)
        {
            return packets[0].Data.AsSpan().StartsWith(OpusHeaders.HeadMagic) ? error : VoiceError.UnsupportedFormat;
        }

        var layoutOk = packets.Count >= 3
            && packets[0].Granule == 0
            && packets[1].FirstPage == 1
            && OpusHeaders.IsTags(packets[1].Data)
            && packets[1].Granule == 0
            && packets[2].FirstPage > packets[1].LastPage;
        return layoutOk ? VoiceError.None : VoiceError.Damaged;
    }

    private static VoiceError DecodeAudio(List<OggPacket> packets, OpusHead head, out float[] mono)
    {
        mono = [];
        var decoded = new List<float>();
        var frame = new float[OpusCodec.MaxPacketSamples * head.Channels];
        var decoder = OpusCodec.CreateDecoder(head.Channels);
        long samples = 0;
        long lastGranule = 0;
        for (var i = 2; i < packets.Count; i++)
        {
            var count = DecodePacket(decoder, packets[i].Data, frame);
            if (count <= 0)
            {
                return VoiceError.Damaged;
            }

            samples += count;
            if (samples - head.PreSkip > VoiceLimits.MaxSamples + OpusCodec.MaxPacketSamples)
            {
                return VoiceError.TooLong;
            }

            AppendMono(decoded, frame.AsSpan(0, count * head.Channels), head.Channels);
            var granule = packets[i].Granule;
            var isLast = i == packets.Count - 1;
            if (granule >= 0)
            {
                // A page's granule counts the samples decoded once its packets are; only the last page may
                // say fewer (end trimming), and never fewer than the page before it.
                if (isLast ? granule > samples || granule < lastGranule || granule < head.PreSkip : granule != samples)
                {
                    return VoiceError.Damaged;
                }

                lastGranule = granule;
            }
        }

        var length = lastGranule - head.PreSkip;
        if (packets[^1].Granule < 0 || length < 0)
        {
            return VoiceError.Damaged; // the reader already rules both out; kept so no range below can go negative
        }

        if (length > VoiceLimits.MaxSamples)
        {
            return VoiceError.TooLong;
        }

        mono = decoded.GetRange(head.PreSkip, (int)length).ToArray();
        ApplyGain(mono, head.OutputGain);
        return VoiceError.None;
    }

    /// <summary>
    /// One packet through Concentus; 0 for a packet it refuses. Concentus is a port of C code: a crafted
    /// packet can make it throw more than its own OpusException, and none of that may reach the user.
    /// </summary>
    private static int DecodePacket(IOpusDecoder decoder, byte[] packet, float[] frame)
    {
        if (packet.Length == 0)
        {
            return 0; // an empty packet would ask the decoder to conceal a lost one
        }

        try
        {
            return decoder.Decode(packet, frame, OpusCodec.MaxPacketSamples, false);
        }
        catch (Exception e) when (e is OpusException or ArgumentException or IndexOutOfRangeException or InvalidOperationException)
        {
            return 0;
        }
    }

    private static void AppendMono(List<float> decoded, ReadOnlySpan<float> interleaved, int channels)
    {
        if (channels == 1)
        {
            decoded.AddRange(interleaved);
            return;
        }

        for (var i = 0; i < interleaved.Length; i += 2)
        {
            decoded.Add((interleaved[i] + interleaved[i + 1]) / 2f);
        }
    }

    /// <summary>OpusHead's output gain, Q7.8 dB (RFC 7845 §5.1 item 6); always 0 in the notes we write.</summary>
    private static void ApplyGain(float[] samples, short gainQ78)
    {
        if (gainQ78 == 0)
        {
            return;
        }

        var factor = (float)Math.Pow(10.0, gainQ78 / (20.0 * 256.0));
        for (var i = 0; i < samples.Length; i++)
        {
            samples[i] = Math.Clamp(samples[i] * factor, -1f, 1f);
        }
    }
}
