namespace Offline.Client.Media.Voice;

/// <summary>
/// A voice note as it is sent (MediaType.OggOpus): an Ogg/Opus file of 48 kHz mono Opus that carries
/// no encoder name and no tags, its length in milliseconds, and up to
/// <see cref="VoiceLimits.WaveformLevels"/> levels 0-255 (the peak of each equal slice, 255 at the loudest)
/// for the player's bar graph (PROTOCOL.md Part 3 §4, fields Duration and Waveform).
/// </summary>
public sealed record VoiceNote(byte[] OggOpus, int DurationMs, byte[] Waveform);
