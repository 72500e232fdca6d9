using System.Text;
using Offline.Protocol.Statements;
using Offline.Relay.Tests.Hosting;

namespace Offline.Relay.Tests.Canary;

/// <summary>`offline-relay canary keygen|sign|show` and the startup check, run as the real relay program.</summary>
public sealed class CanaryToolTests : IDisposable
{
    private readonly string folder = System.IO.Directory.CreateTempSubdirectory("relay-canary-tool-").FullName;

    public void Dispose() => System.IO.Directory.Delete(folder, recursive: true);

    [Fact]
    public async Task KeygenSignShow_DefaultStatement_CanaryVerifiesUnderTheNewKey()
    {
        var key = Path.Combine(folder, "canary.key");
        var canaryPath = Path.Combine(folder, "canary.txt");

        var keygen = await RelayProcess.RunToExitAsync("canary", "keygen", "--out", key);
        var sign = await RelayProcess.RunToExitAsync("canary", "sign", "--key", key, "--out", canaryPath);
        var show = await RelayProcess.RunToExitAsync("canary", "show", canaryPath);

        Assert.Equal(0, keygen.ExitCode);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(key));
        }

        var publicLine = keygen.Stdout.Split('\n').Single(l => l.StartsWith("offline-key v1 canary ", StringComparison.Ordinal));
        Assert.True(StatementKey.TryParsePublic(publicLine, StatementKey.CanaryPurpose, out var publicKey));
        var secretValue = (await File.ReadAllTextAsync(key)).Trim().Split(' ')[^1];
        Assert.DoesNotContain(secretValue, keygen.Stdout + keygen.Stderr + sign.Stdout + sign.Stderr + show.Stdout, StringComparison.Ordinal);

        Assert.Equal(0, sign.ExitCode);
        Assert.Equal(StatementError.None, WarrantCanary.TryParse(await File.ReadAllBytesAsync(canaryPath), out var canary));
        Assert.Equal(publicKey, canary!.Key);
        Assert.Equal(30, canary.PeriodDays);
        Assert.Equal(DateOnly.FromDateTime(DateTime.UtcNow), canary.Issued);
        Assert.Contains("no warrant, subpoena", canary.Statement, StringComparison.Ordinal);
        Assert.Contains("no logs of client addresses", canary.Statement, StringComparison.Ordinal);

        Assert.Equal(0, show.ExitCode);
        Assert.Contains("fresh", show.Stdout, StringComparison.Ordinal);
        Assert.Contains(StatementKey.Fingerprint(publicKey!), show.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Keygen_FileExists_RefusesAndLeavesItAlone()
    {
        var key = Path.Combine(folder, "canary.key");
        await File.WriteAllTextAsync(key, "precious\n");

        var keygen = await RelayProcess.RunToExitAsync("canary", "keygen", "--out", key);

        Assert.Equal(1, keygen.ExitCode);
        Assert.Contains("refusing to overwrite", keygen.Stderr, StringComparison.Ordinal);
        Assert.Equal("precious\n", await File.ReadAllTextAsync(key));
    }

    [Fact]
    public async Task SignShow_ExpiredOrCustomStatement_ShowExitsNonZeroWhenNotFresh()
    {
        var key = Path.Combine(folder, "canary.key");
        var statement = Path.Combine(folder, "statement.txt");
        var expired = Path.Combine(folder, "expired.txt");
        await File.WriteAllTextAsync(statement, "Nothing to report.\nSecond line.\n");
        Assert.Equal(0, (await RelayProcess.RunToExitAsync("canary", "keygen", "--out", key)).ExitCode);

        var sign = await RelayProcess.RunToExitAsync("canary", "sign", "--key", key, "--statement", statement, "--issued", "2020-01-01", "--period-days", "7", "--out", expired);
        var show = await RelayProcess.RunToExitAsync("canary", "show", expired);

        Assert.Equal(0, sign.ExitCode);
        Assert.Contains("expired", sign.Stderr, StringComparison.Ordinal);
        Assert.Equal(1, show.ExitCode);
        Assert.Contains("expired", show.Stdout, StringComparison.Ordinal);
        Assert.Contains("Second line.", show.Stdout, StringComparison.Ordinal);
        Assert.Contains("renew it with ./offline-relay canary sign", show.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sign", "--out", "x")]
    [InlineData("sign", "--key", "k", "--out", "x", "--period-days", "0")]
    [InlineData("sign", "--key", "k", "--out", "x", "--issued", "2026-13-01")]
    [InlineData("keygen")]
    [InlineData("show")]
    [InlineData("renew")]
    public async Task Canary_BadCommandLine_UsageExit2(params string[] args)
    {
        var run = await RelayProcess.RunToExitAsync(["canary", .. args]);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("usage: offline-relay canary", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Show_TamperedFile_InvalidExit1()
    {
        var canaryPath = Path.Combine(folder, "canary.txt");
        var bytes = CanaryServingTests.SignedCanary(DateOnly.FromDateTime(DateTime.UtcNow), "ok");
        bytes[Encoding.UTF8.GetString(bytes).IndexOf("ok", StringComparison.Ordinal)] = (byte)'O';
        await File.WriteAllBytesAsync(canaryPath, bytes);

        var show = await RelayProcess.RunToExitAsync("canary", "show", canaryPath);

        Assert.Equal(1, show.ExitCode);
        Assert.Contains("badly signed", show.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Startup_ExpiredCanary_OneWarningLineAndTheFactNamesItsKey()
    {
        var canaryPath = Path.Combine(folder, "canary.txt");
        var bytes = CanaryServingTests.SignedCanary(new DateOnly(2020, 1, 1), "old");
        await File.WriteAllBytesAsync(canaryPath, bytes);
        WarrantCanary.TryParse(bytes, out var canary);

        await using var relay = await RelayProcess.StartAsync(["--canary", canaryPath]);
        var deadline = DateTime.UtcNow + RelayClient.Wait;
        while (!relay.Output.Contains("renew it with", StringComparison.Ordinal) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        Assert.Contains($"canary: served, key {StatementKey.Fingerprint(canary!.Key)}", relay.Output, StringComparison.Ordinal);
        Assert.Single(relay.Output.Split('\n'), l => l.Contains("warning: the canary expired", StringComparison.Ordinal) && l.Contains("renew it with ./offline-relay canary sign", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Startup_CanaryFileMissing_WarnsAndStillStarts()
    {
        await using var relay = await RelayProcess.StartAsync(["--canary", Path.Combine(folder, "nothing.txt")]);
        var deadline = DateTime.UtcNow + RelayClient.Wait;
        while (!relay.Output.Contains("renew it with", StringComparison.Ordinal) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        Assert.Contains("is missing", relay.Output, StringComparison.Ordinal);
        Assert.Contains("canary: configured, not valid", relay.Output, StringComparison.Ordinal);
    }
}
