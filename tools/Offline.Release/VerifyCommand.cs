using Offline.InstalledRelease;
using Offline.Protocol.Statements;

namespace Offline.Release;

/// <summary>verify MANIFEST [--release-key PUB]: the whole release folder (relay/, cli/, web/) against its manifest.</summary>
internal static class VerifyCommand
{
    public static int Run(ToolArguments args)
    {
        args.Allow(1, "--release-key");
        if (args.Positionals.Count != 1)
        {
            throw new ToolException(ToolException.Usage, "Usage: ./release verify MANIFEST [--release-key PUB]");
        }

        var manifestPath = Path.GetFullPath(args.Positionals[0]);
        var trusted = ReleaseKeyFile.Project();
        if (args.Value("--release-key") is { } keyPath)
        {
            trusted = ReleaseKeyFile.Read(keyPath, out var problem) ?? throw new ToolException(ToolException.Usage, problem!);
            Console.Error.WriteLine($"release: warning: checking against {keyPath} (key {StatementKey.Fingerprint(trusted)}), not the project's release key.");
        }

        var folder = Path.GetDirectoryName(manifestPath)!;
        var result = ReleaseCheck.Run(manifestPath, trusted, [new ReleaseComponent(folder, string.Empty)]);
        foreach (var finding in result.Findings)
        {
            Console.Error.WriteLine($"release: {finding.Message}");
        }

        if (!result.Ok)
        {
            return ToolException.Verification;
        }

        Console.WriteLine($"release {result.Manifest!.Version} (commit {result.Manifest.Commit}): all {result.FilesChecked} files in {folder} match, signed by {StatementKey.Fingerprint(result.Manifest.Key)}");
        return 0;
    }
}
