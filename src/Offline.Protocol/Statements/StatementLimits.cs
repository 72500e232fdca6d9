namespace Offline.Protocol.Statements;

/// <summary>Every limit of signed statements, with its reason. docs/PROTOCOL.md (Part 4) refers to these names.</summary>
public static class StatementLimits
{
    /// <summary>A manifest lists a few hundred published files; 1 MiB bounds parsing work on a hostile file with room to spare.</summary>
    public const int MaxManifestBytes = 1024 * 1024;

    /// <summary>Files a manifest may list: today's release has under 100; a hostile one cannot make a verifier hash forever.</summary>
    public const int MaxManifestFiles = 4096;

    /// <summary>A canary is a short statement; 4 KiB fits in one 4 KiB-bucket reply and in four cells.</summary>
    public const int MaxCanaryBytes = 4096;

    /// <summary>Longest stated canary period: a canary renewed less than yearly says little.</summary>
    public const int MaxCanaryPeriodDays = 366;

    /// <summary>A canary dated later than today by more than this is refused: clocks differ by hours, not by days.</summary>
    public const int MaxCanaryFutureDays = 1;

    /// <summary>Longest release path; deep enough for runtimes/&lt;rid&gt;/native/&lt;file&gt;.</summary>
    public const int MaxPathLength = 256;
}
