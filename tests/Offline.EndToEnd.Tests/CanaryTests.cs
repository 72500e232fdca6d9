using System.Text;
using Offline.EndToEnd.Tests.Infrastructure;
using Offline.Protocol.Primitives;
using Offline.Protocol.Statements;

namespace Offline.EndToEnd.Tests;

/// <summary>
/// `offline canary` against the real relay serving a canary file the test rewrites between steps (the
/// relay reads it on every request): valid, expired, wrongly signed, missing, key changed; and receive's
/// once-a-day warning. Every connection here is paced (the default profile), so the fetch rides in cells.
/// </summary>
public sealed class CanaryTests : IDisposable
{
    private const int CanaryWarning = 15;
    private static readonly DateOnly Today = DateOnly.FromDateTime(DateTime.UtcNow);
    private readonly TempDirectory folder = new();
    private readonly P256SigningKey operatorKey = P256SigningKey.Generate(SystemRandom.Instance);

    private string CanaryPath => folder.Sub("canary.txt");

    public void Dispose()
    {
        operatorKey.Dispose();
        folder.Dispose();
    }

    [Fact]
    public async Task Canary_WithoutHome_ValidExpiredWronglySignedMissing()
    {
        using var relay = await RelayProcess.StartAsync(extraArgs: ["--canary", CanaryPath]);
        var visitor = new CliUser(folder.Sub("no-home"), () => relay.Url);

        var missing = await visitor.RunAsync("canary");
        Assert.True(missing.ExitCode == CanaryWarning, missing.ToString());
        Assert.Contains("publishes no warrant canary", missing.Stderr, StringComparison.Ordinal);

        await WriteAsync(Canary(Today, "Nothing has happened.\nNo logs are kept."));
        var valid = await visitor.RunAsync("canary");
        Assert.True(valid.ExitCode == 0, valid.ToString());
        Assert.Contains("fresh", valid.Stdout, StringComparison.Ordinal);
        Assert.Contains("  No logs are kept.", valid.Stdout, StringComparison.Ordinal);
        Assert.Contains($"valid until  {Day(Today.AddDays(29))}", valid.Stdout, StringComparison.Ordinal);
        Assert.Contains(StatementKey.Fingerprint(operatorKey.PublicKey), valid.Stdout, StringComparison.Ordinal);
        Assert.Contains("not pinned", valid.Stdout, StringComparison.Ordinal);
        Assert.False(Directory.Exists(visitor.Home));

        var json = await visitor.RunAsync("canary", "--json");
        var shown = json.Events.Single();
        Assert.Equal("fresh", (string?)shown["status"]);
        Assert.Equal(Day(Today), (string?)shown["issued"]);
        Assert.Equal("Nothing has happened.\nNo logs are kept.", (string?)shown["statement"]);
        Assert.Equal("not_pinned", (string?)shown["pin"]);

        await WriteAsync(Canary(Today.AddDays(-30), "Old news."));
        var expired = await visitor.RunAsync("canary", "--json");
        Assert.True(expired.ExitCode == CanaryWarning, expired.ToString());
        Assert.Equal("expired", (string?)expired.Events.Single()["status"]);
        Assert.Contains("the operator has not renewed the canary; treat its statement as withdrawn", expired.Stderr, StringComparison.Ordinal);

        // Names the operator's key but signed by another.
        using var forger = P256SigningKey.Generate(SystemRandom.Instance);
        await WriteAsync(SignedStatement.Sign(WarrantCanary.Domain, Body(Canary(Today, "Forged.")), forger));
        var forged = await visitor.RunAsync("canary", "--json");
        Assert.True(forged.ExitCode == CanaryWarning, forged.ToString());
        Assert.Equal("bad-signature", (string?)forged.Events.Single()["status"]);
        Assert.Contains("badly signed", forged.Stderr, StringComparison.Ordinal);

        var flipped = Canary(Today, "Flip me.");
        flipped[Encoding.UTF8.GetString(flipped).IndexOf("Flip", StringComparison.Ordinal)] = (byte)'f';
        await WriteAsync(flipped);
        var tampered = await visitor.RunAsync("canary");
        Assert.True(tampered.ExitCode == CanaryWarning, tampered.ToString());
        Assert.Contains("badly signed", tampered.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Flip me", tampered.Stdout, StringComparison.OrdinalIgnoreCase);

        File.Delete(CanaryPath);
        var withdrawn = await visitor.RunAsync("canary");
        Assert.Equal(CanaryWarning, withdrawn.ExitCode);
    }

    [Fact]
    public async Task Canary_WithHome_KeyPinnedThenChangedFlaggedUntilTrusted_ReceiveWarnsOnceADay()
    {
        using var relay = await RelayProcess.StartAsync(extraArgs: ["--canary", CanaryPath]);
        var user = new CliUser(folder.Sub("home"), () => relay.Url);
        await user.GenerateIdAsync();
        await WriteAsync(Canary(Today, "All quiet."));

        var first = await user.RunOkAsync("canary", "--json");
        Assert.Equal("pinned_now", (string?)first.Events.Single()["pin"]);
        var second = await user.RunOkAsync("canary", "--json");
        Assert.Equal("matches", (string?)second.Events.Single()["pin"]);

        using var newOperator = P256SigningKey.Generate(SystemRandom.Instance);
        await WriteAsync(Canary(Today, "All quiet, says someone else.", newOperator));
        var changed = await user.RunAsync("canary");
        Assert.True(changed.ExitCode == CanaryWarning, changed.ToString());
        Assert.Contains("different operator key", changed.Stderr, StringComparison.Ordinal);
        Assert.Contains(StatementKey.Fingerprint(newOperator.PublicKey), changed.Stderr, StringComparison.Ordinal);
        Assert.Contains(StatementKey.Fingerprint(operatorKey.PublicKey), changed.Stderr, StringComparison.Ordinal);
        Assert.Contains("--trust-new-key", changed.Stderr, StringComparison.Ordinal);
        Assert.Equal(CanaryWarning, (await user.RunAsync("canary")).ExitCode); // the pin was not replaced silently

        var trusted = await user.RunOkAsync("canary", "--trust-new-key", "--json");
        Assert.Equal("replaced", (string?)trusted.Events.Single()["pin"]);
        Assert.Equal("matches", (string?)(await user.RunOkAsync("canary", "--json")).Events.Single()["pin"]);

        // receive: a home not checked today warns once on stderr, and the next receive the same day does not fetch again.
        var reader = new CliUser(folder.Sub("reader"), () => relay.Url);
        await reader.GenerateIdAsync();
        await WriteAsync(Canary(Today.AddDays(-40), "Stale.", newOperator));
        var received = await reader.RunOkAsync("receive");
        Assert.Contains("the operator has not renewed the canary", received.Stderr, StringComparison.Ordinal);
        var again = await reader.RunOkAsync("receive");
        Assert.DoesNotContain("canary", again.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReceiveFollow_ExpiredCanary_WarnsOnStderrAndKeepsRunning()
    {
        using var relay = await RelayProcess.StartAsync(extraArgs: ["--canary", CanaryPath]);
        var user = new CliUser(folder.Sub("follower"), () => relay.Url);
        await user.GenerateIdAsync();
        await WriteAsync(Canary(Today.AddDays(-31), "Stale."));

        using var follow = user.Start("receive", "--follow");
        await follow.WaitForLineAsync(l => l.StartsWith("stderr: ", StringComparison.Ordinal) && l.Contains("has not renewed the canary", StringComparison.Ordinal), TimeSpan.FromSeconds(60));

        Assert.Equal(0, await follow.StopAsync());
    }

    [Fact]
    public async Task Receive_RelayWithoutCanary_NoDailyWarning()
    {
        using var relay = await RelayProcess.StartAsync();
        var user = new CliUser(folder.Sub("plain"), () => relay.Url);
        await user.GenerateIdAsync();

        var received = await user.RunOkAsync("receive");

        Assert.DoesNotContain("canary", received.Stderr, StringComparison.Ordinal);
        Assert.Equal(CanaryWarning, (await user.RunAsync("canary")).ExitCode);
    }

    private byte[] Canary(DateOnly issued, string statement, P256SigningKey? key = null)
    {
        var signer = key ?? operatorKey;
        return new WarrantCanary(issued, 30, signer.PublicKey, statement).Sign(signer);
    }

    private async Task WriteAsync(byte[] canary)
    {
        await File.WriteAllBytesAsync(CanaryPath + ".tmp", canary);
        File.Move(CanaryPath + ".tmp", CanaryPath, overwrite: true);
    }

    private static string Body(byte[] signed)
    {
        var text = Encoding.UTF8.GetString(signed);
        return text[..text.LastIndexOf("signature ", StringComparison.Ordinal)];
    }

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}
