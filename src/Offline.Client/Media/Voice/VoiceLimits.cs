namespace Offline.Client.Media.Voice;

/// <summary>Every bound and constant of voice notes, each with its reason.</summary>
public static class VoiceLimits
{
    /// <summary>Opus's native rate: every voice note is 48 kHz mono, whatever was recorded.</summary>
    public const int SampleRate = 48_000;

    /// <summary>5 minutes (the team's limit): about 900 KB of Opus at 24 kbit/s, well inside one attachment.</summary>
    public const int MaxDurationMs = 300_000;

    /// <summary>The most samples a voice note holds at <see cref="SampleRate"/>.</summary>
    public const int MaxSamples = MaxDurationMs / 1000 * SampleRate;

    /// <summary>
    /// 256 MiB: 5 minutes of the largest WAV read (96 kHz stereo 32-bit float) is 230 MB; anything
    /// bigger is refused before a byte of it is parsed.
    /// </summary>
    public const int MaxInputBytes = 256 * 1024 * 1024;

    /// <summary>The lowest and highest WAV rates read: telephone 8 kHz to studio 96 kHz.</summary>
    public const int MinInputRate = 8_000;

    /// <inheritdoc cref="MinInputRate"/>
    public const int MaxInputRate = 96_000;

    /// <summary>20 ms Opus frames (960 samples): Opus's usual frame for speech, one Ogg lace value per packet at 24 kbit/s.</summary>
    public const int FrameSamples = SampleRate / 50;

    /// <summary>~24 kbit/s: wideband speech is transparent-ish here, and a minute is only ~180 KB.</summary>
    public const int Bitrate = 24_000;

    /// <summary>The most levels in a waveform (AttachmentLimits.MaxWaveformLevels).</summary>
    public const int WaveformLevels = 100;

    /// <summary>
    /// A peak below this (about -84 dBFS, two steps of 16-bit audio) is taken as silence: a muted
    /// microphone or an empty recording, not something to send.
    /// </summary>
    public const float SilencePeak = 2f / 32768f;
}
