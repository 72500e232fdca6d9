namespace Offline.Client.Media.Voice;

/// <summary>Why a sound file did not become a voice note, or a voice note could not be played. Each value reads as the message a user sees.</summary>
public enum VoiceError
{
    /// <summary>The voice note is ready.</summary>
    None,

    /// <summary>The file is not a sound file this device reads (a WAV or an Ogg/Opus file).</summary>
    NotAudio,

    /// <summary>The file is a WAV or Ogg file, but in an encoding this device does not read (say, compressed WAV, more than two channels, or a rate outside 8-96 kHz).</summary>
    UnsupportedFormat,

    /// <summary>The file is damaged: its structure is inconsistent, a checksum does not match, or its audio cannot be decoded.</summary>
    Damaged,

    /// <summary>The file ends before its own headers say it does: it was cut short.</summary>
    Truncated,

    /// <summary>The file is larger than <see cref="VoiceLimits.MaxInputBytes"/>.</summary>
    FileTooLarge,

    /// <summary>The recording is longer than <see cref="VoiceLimits.MaxDurationMs"/> (5 minutes).</summary>
    TooLong,

    /// <summary>The recording is empty or silent: there is nothing to send.</summary>
    Silent,
}
