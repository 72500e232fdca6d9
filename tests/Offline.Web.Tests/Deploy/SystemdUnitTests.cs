using System.Diagnostics;

namespace Offline.Web.Tests.Deploy;

/// <summary>
/// deploy/systemd/offline-relay.service checked by systemd itself (`systemd-analyze verify`, and
/// `systemd-analyze security --offline` for its exposure), in a temporary root: a copy of the
/// system's unit folder (for the targets it depends on) and an executable stand-in at
/// /usr/bin/dotnet, since verify rightly fails on an ExecStart binary that does not exist and a
/// test machine's dotnet may live elsewhere. The unit file itself is the shipped one, unchanged.
/// No service manager runs here (no systemd as PID 1), so the sandbox is checked, not run.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class SystemdUnitTests : IDisposable
{
    private const string SystemdAnalyze = "/usr/bin/systemd-analyze";
    private const string UnitName = "offline-relay.service";
    private readonly string root = Path.Combine(Path.GetTempPath(), "offline-systemd-" + Guid.NewGuid().ToString("N"));

    private static string ShippedUnit => DeployFiles.Of("systemd", UnitName);

    [Fact]
    public async Task Verify_ShippedUnit_ExitsZeroAndSaysNothing()
    {
        var verify = await AnalyzeAsync(Install(File.ReadAllText(ShippedUnit)), "verify");
        Assert.True(verify.ExitCode == 0 && verify.Output.Length == 0, verify.ToString());
    }

    /// <summary>Control: verify exits 0 on an unknown key or a bad value, only warning, so the test above also requires silence.</summary>
    [Fact]
    public async Task Verify_UnitWithAMisspeltDirective_Warns()
    {
        var misspelt = File.ReadAllText(ShippedUnit).Replace("\nNoNewPrivileges=yes\n", "\nNoNewPrivilege=yes\n", StringComparison.Ordinal);
        var verify = await AnalyzeAsync(Install(misspelt), "verify");
        Assert.Contains("Unknown key 'NoNewPrivilege'", verify.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Security_ShippedUnit_ExposureAtMostTwo()
    {
        // --threshold=20: exit non-zero when the overall exposure is above 2.0 (of 10; "OK" is below 4.5).
        var security = await AnalyzeAsync(Install(File.ReadAllText(ShippedUnit)), "security", "--offline=yes", "--threshold=20", "--no-pager");
        Assert.True(security.ExitCode == 0, security.ToString());
        Assert.Contains("Overall exposure level for offline-relay.service", security.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void ShippedUnit_SandboxAndUser_AreTheOnesDocumented()
    {
        var lines = File.ReadAllLines(ShippedUnit).Where(l => !l.StartsWith('#') && l.Contains('=', StringComparison.Ordinal)).ToList();
        foreach (var required in new[]
        {
            "DynamicUser=yes", "NoNewPrivileges=yes", "ProtectSystem=strict", "ProtectHome=yes", "PrivateTmp=yes", "PrivateDevices=yes",
            "ProtectKernelTunables=yes", "ProtectKernelModules=yes", "ProtectKernelLogs=yes", "ProtectControlGroups=yes",
            "RestrictAddressFamilies=AF_INET AF_INET6 AF_UNIX", "CapabilityBoundingSet=", "SystemCallFilter=@system-service",
            "LockPersonality=yes", "RestrictNamespaces=yes", "UMask=0077", "StandardOutput=journal", "StateDirectory=offline-relay",
            "EnvironmentFile=-/etc/offline-relay/relay.env",
            "ExecStart=/usr/bin/dotnet /opt/offline/relay/Offline.Relay.dll --urls http://127.0.0.1:8080 --store sqlite:/var/lib/offline-relay/relay.db",
        })
        {
            Assert.Contains(required, lines);
        }

        // The .NET JIT needs pages that are written and then executed.
        Assert.DoesNotContain(lines, l => l.StartsWith("MemoryDenyWriteExecute", StringComparison.Ordinal));
        // The only writable path is the state directory.
        Assert.DoesNotContain(lines, l => l.StartsWith("ReadWritePaths", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.StartsWith("User=", StringComparison.Ordinal) && !l.EndsWith("offline-relay", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TorrcSnippet_TorVerifyConfig_Accepts()
    {
        const string tor = "/usr/sbin/tor";
        Assert.True(File.Exists(tor), $"{tor} is missing: install the Debian package 'tor' (./test does).");
        var folder = Directory.CreateDirectory(Path.Combine(root, "tor"));
        File.SetUnixFileMode(folder.FullName, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var shipped = await File.ReadAllLinesAsync(DeployFiles.Of("tor", "torrc.offline-relay"));
        Assert.Single(shipped, l => l == "HiddenServiceDir /var/lib/tor/offline-relay/");
        Assert.Contains("HiddenServicePort 80 127.0.0.1:8080", shipped);
        Assert.Contains("SafeLogging 1", shipped);

        // Only the service folder moves (tor would create it); the DataDirectory line is what Debian's own torrc provides.
        var torrc = Path.Combine(folder.FullName, "torrc");
        await File.WriteAllLinesAsync(torrc, [.. shipped.Select(l => l.StartsWith("HiddenServiceDir ", StringComparison.Ordinal) ? $"HiddenServiceDir {folder.FullName}/service/" : l), $"DataDirectory {folder.FullName}/data"]);
        var check = await RunAsync(tor, "--verify-config", "-f", torrc, "--hush");
        Assert.True(check.ExitCode == 0, check.ToString());
    }

    public void Dispose()
    {
        if (Directory.Exists(root))
        {
            Directory.Delete(root, recursive: true);
        }
    }

    /// <summary>Writes the unit into the temporary root as /etc/systemd/system/offline-relay.service; returns its path inside the root.</summary>
    private string Install(string unit)
    {
        Assert.True(File.Exists(SystemdAnalyze), $"{SystemdAnalyze} is missing: install the Debian package 'systemd' (./test does).");
        var units = Directory.CreateDirectory(Path.Combine(root, "etc", "systemd", "system"));
        File.WriteAllText(Path.Combine(units.FullName, UnitName), unit);
        var library = Directory.CreateDirectory(Path.Combine(root, "usr", "lib", "systemd", "system"));
        foreach (var source in new DirectoryInfo("/usr/lib/systemd/system").EnumerateFileSystemInfos())
        {
            var target = Path.Combine(library.FullName, source.Name);
            if (source.LinkTarget is { } link)
            {
                // Absolute links resolve inside the root, to the copies made here.
                File.CreateSymbolicLink(target, link);
            }
            else if (source is FileInfo file)
            {
                file.CopyTo(target);
            }
        }

        var bin = Directory.CreateDirectory(Path.Combine(root, "usr", "bin"));
        var dotnet = Path.Combine(bin.FullName, "dotnet");
        File.WriteAllText(dotnet, "#!/bin/sh\nexit 0\n");
        File.SetUnixFileMode(dotnet, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return "/etc/systemd/system/" + UnitName;
    }

    private Task<(int ExitCode, string Output)> AnalyzeAsync(string unitInRoot, string verb, params string[] options) =>
        RunAsync(SystemdAnalyze, [verb, $"--root={root}", .. options, unitInRoot]);

    private static async Task<(int ExitCode, string Output)> RunAsync(string program, params string[] args)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["SYSTEMD_COLORS"] = "0";
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, (await stdout + await stderr).Trim());
    }
}
