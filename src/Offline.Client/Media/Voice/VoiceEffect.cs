namespace Offline.Client.Media.Voice;

/// <summary>
/// How a voice is disguised before it is encoded (docs/ARCHITECTURE.md, "Voice notes"). The web app
/// applies the same effects with the same algorithms and constants (<see cref="VoiceEffects"/>).
/// </summary>
public enum VoiceEffect
{
    /// <summary>The voice as recorded.</summary>
    Normal,

    /// <summary>Pitch × 0.75 (a fourth lower), duration kept.</summary>
    Deep,

    /// <summary>Pitch × 4/3 (a fourth higher), duration kept.</summary>
    High,

    /// <summary>Ring modulation by a 50 Hz sine; no pitch shift.</summary>
    Robot,
}
