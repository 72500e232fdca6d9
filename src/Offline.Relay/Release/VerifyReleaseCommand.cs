using Offline.InstalledRelease;
using Offline.Protocol.Statements;
using Offline.Relay.App;

namespace Offline.Relay.Release;

/// <summary>
/// <c>--verify-release</c>: checks the relay's own folder (as <c>relay/</c>) and the web app's folder it
/// serves (as <c>web/</c>) against the signed release manifest, then exits (docs/RELEASE.md).
/// </summary>
internal static class VerifyReleaseCommand
{
    /// <summary>The same code as `offline verify-release` uses for the same failure.</summary>
    public const int Mismatch = 14;

    public static int Run(IConfiguration configuration, VerifyReleaseRequest request)
    {
        if (request.Problem is not null)
        {
            Console.Error.WriteLine($"offline-relay: {request.Problem}");
            return 2;
        }

        var trusted = ReleaseKeyFile.Project();
        if (request.ReleaseKey is not null)
        {
            var given = ReleaseKeyFile.Read(request.ReleaseKey, out var problem);
            if (given is null)
            {
                Console.Error.WriteLine($"offline-relay: {problem}");
                return 2;
            }

            trusted = given;
            Console.Error.WriteLine($"offline-relay: warning: checking against {request.ReleaseKey} (key {StatementKey.Fingerprint(trusted)}), not the project's release key: this says only that the files match what that key's holder signed.");
        }

        var manifest = request.Manifest is not null ? Path.GetFullPath(request.Manifest) : ReleaseManifestFile.Locate(configuration).Path;
        var web = Path.GetDirectoryName(WebAppFile.Locate(configuration).Path)!;
        var result = ReleaseCheck.Run(manifest, trusted, [new ReleaseComponent(AppContext.BaseDirectory, "relay/"), new ReleaseComponent(web, "web/")]);
        if (result.Manifest is { } signed)
        {
            Console.WriteLine($"release {signed.Version} (commit {signed.Commit}), manifest {result.ManifestPath}");
            Console.WriteLine($"signed by {(request.ReleaseKey is null ? "the project's release key" : "the given key")} {StatementKey.Fingerprint(signed.Key)}");
        }

        foreach (var finding in result.Findings)
        {
            Console.Error.WriteLine($"offline-relay: {finding.Message}");
        }

        if (!result.Ok)
        {
            return Mismatch;
        }

        Console.WriteLine($"relay/ and web/: all {result.FilesChecked} installed files match the manifest");
        return 0;
    }
}
