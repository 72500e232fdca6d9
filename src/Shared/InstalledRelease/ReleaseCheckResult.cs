using Offline.Protocol.Statements;

namespace Offline.InstalledRelease;

/// <summary>What a release check found: the manifest (when it verified), how many files were compared, and every finding.</summary>
internal sealed record ReleaseCheckResult(string? ManifestPath, ReleaseManifest? Manifest, int FilesChecked, IReadOnlyList<ReleaseFinding> Findings)
{
    public bool Ok => Findings.Count == 0;
}
