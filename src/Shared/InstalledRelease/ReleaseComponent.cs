namespace Offline.InstalledRelease;

/// <summary>An installed folder and the release folder it must match: e.g. the CLI's own folder as <c>cli/</c>.</summary>
internal sealed record ReleaseComponent(string Folder, string Prefix);
