using Offline.InstalledRelease;

namespace Offline.Relay.App;

/// <summary>
/// The signed release manifest of the installed release (docs/DEPLOY.md), served at GET /release so the
/// web app can compare its own hash with the published one. Read on every request, like the app.
/// </summary>
internal sealed class ReleaseManifestFile(string? path)
{
    public const string ConfigKey = "Relay:Release:Manifest";

    /// <summary>The name <c>./release</c> gives the manifest at the top of a release folder.</summary>
    public const string FileName = InstalledFolder.ManifestName;

    public string? Path { get; } = path;

    /// <summary><c>--release-manifest PATH</c>, else offline-release.txt in the nearest ancestor of the program's folder that has one, else none.</summary>
    public static ReleaseManifestFile Locate(IConfiguration configuration)
    {
        var configured = configuration[ConfigKey];
        if (!string.IsNullOrEmpty(configured))
        {
            return new ReleaseManifestFile(System.IO.Path.GetFullPath(configured));
        }

        return new ReleaseManifestFile(InstalledFolder.FindManifest(AppContext.BaseDirectory));
    }
}
