using Concentus;
using Concentus.Enums;

namespace Offline.Client.Media.Voice;

/// <summary>
/// Concentus's managed Opus, always: the factory would otherwise load a system libopus when one is
/// installed, and then the bytes of a voice note (and how hostile packets are handled) would depend on
/// the machine.
/// </summary>
internal static class OpusCodec
{
    /// <summary>120 ms, the longest an Opus packet can play (RFC 6716 §3.2.5).</summary>
    public const int MaxPacketSamples = VoiceLimits.SampleRate * 120 / 1000;

    /// <summary>Plenty for one 20 ms packet at 24 kbit/s (~60 bytes) and the 1,275-byte ceiling of a single frame.</summary>
    public const int MaxEncodedFrameBytes = 1_500;

    public static IOpusEncoder CreateVoiceEncoder()
    {
        OpusCodecFactory.AttemptToUseNativeLibrary = false;
        var encoder = OpusCodecFactory.CreateEncoder(VoiceLimits.SampleRate, 1, OpusApplication.OPUS_APPLICATION_VOIP);
        encoder.Bitrate = VoiceLimits.Bitrate;
        encoder.SignalType = OpusSignal.OPUS_SIGNAL_VOICE;
        encoder.ExpertFrameDuration = OpusFramesize.OPUS_FRAMESIZE_20_MS;
        return encoder;
    }

    public static IOpusDecoder CreateDecoder(int channels)
    {
        OpusCodecFactory.AttemptToUseNativeLibrary = false;
        return OpusCodecFactory.CreateDecoder(VoiceLimits.SampleRate, channels);
    }
}
