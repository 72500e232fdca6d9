using System.Text.Json.Nodes;
using Offline.Cli.CommandLine;
using Offline.Cli.Errors;
using Offline.InstalledRelease;
using Offline.Protocol.Statements;

namespace Offline.Cli.Commands;

/// <summary>
/// verify-release [MANIFEST] [--release-key PUB]: checks this CLI's own installed files (its folder, as
/// <c>cli/</c>) against the signed release manifest (docs/RELEASE.md). No home or passphrase needed.
/// </summary>
internal static class ReleaseCommand
{
    private const string Usage = "verify-release [MANIFEST] [--release-key PUB]";

    public static Task VerifyAsync(CliContext context)
    {
        var args = context.Arguments;
        if (args.Positionals.Count > 1)
        {
            throw new CliException(ExitCode.Usage, "Usage: offline " + Usage);
        }

        var trusted = ReleaseKeyFile.Project();
        var keyOverride = args.Value("--release-key");
        if (keyOverride is not null)
        {
            trusted = ReleaseKeyFile.Read(keyOverride, out var problem) ?? throw new CliException(ExitCode.Usage, problem!);
            context.Printer.Warn($"warning: checking against {keyOverride} (key {StatementKey.Fingerprint(trusted)}), not the project's release key: this says only that the files match what that key's holder signed.");
        }

        var installed = AppContext.BaseDirectory;
        var manifestPath = args.Positionals.Count == 1 ? Path.GetFullPath(args.Positionals[0]) : InstalledFolder.FindManifest(installed);
        var result = ReleaseCheck.Run(manifestPath, trusted, [new ReleaseComponent(installed, "cli/")]);
        Report(context, result, keyOverride is null);
        if (!result.Ok)
        {
            throw new CliException(ExitCode.ReleaseMismatch, result.Findings.Count == 1
                ? result.Findings[0].Message
                : $"Release verification failed: {result.Findings.Count} problems (listed above).");
        }

        return Task.CompletedTask;
    }

    private static void Report(CliContext context, ReleaseCheckResult result, bool projectKey)
    {
        var printer = context.Printer;
        printer.Emit(new JsonObject
        {
            ["event"] = "release",
            ["ok"] = result.Ok,
            ["manifest"] = result.ManifestPath,
            ["version"] = result.Manifest?.Version,
            ["commit"] = result.Manifest?.Commit,
            ["key"] = result.Manifest is { } signed ? StatementKey.Fingerprint(signed.Key) : null,
            ["project_key"] = projectKey,
            ["component"] = "cli",
            ["files_checked"] = result.FilesChecked,
            ["problems"] = new JsonArray([.. result.Findings.Select(f => (JsonNode)new JsonObject { ["code"] = f.Code, ["path"] = f.Path, ["message"] = f.Message })]),
        });
        if (result.Manifest is { } manifest)
        {
            printer.Say($"release {manifest.Version} (commit {manifest.Commit}), manifest {result.ManifestPath}");
            printer.Say($"signed by {(projectKey ? "the project's release key" : "the given key")} {StatementKey.Fingerprint(manifest.Key)}");
        }

        if (result.Ok)
        {
            printer.Say($"cli/: all {result.FilesChecked} installed files match the manifest");
            return;
        }

        // With several problems every one is listed; the last line (the exception) sums up.
        if (result.Findings.Count > 1)
        {
            foreach (var finding in result.Findings)
            {
                printer.Warn(finding.Message);
            }
        }
    }
}
