using Offline.EndToEnd.Tests.Infrastructure;

namespace Offline.EndToEnd.Tests;

/// <summary>Errors a person understands, each with its own exit code (docs/CLI.md), and no secret in them.</summary>
public class ErrorTests
{
    [Fact]
    public async Task Errors_EachHasItsOwnExitCodeAndSaysWhatToDo()
    {
        using var folder = new TempDirectory();
        var closedPort = RelayProcess.FreePort();
        var user = new CliUser(folder.Sub("home"), () => $"ws://127.0.0.1:{closedPort}");

        var uninitialized = await user.RunAsync("contacts");
        Assert.Equal(3, uninitialized.ExitCode);
        Assert.Contains("generate-id", uninitialized.Stderr, StringComparison.Ordinal);

        // No relay: the identity is still made, and published later.
        var generated = await user.GenerateIdAsync();
        Assert.False((bool)generated.EventsOf("identity").Single()["published"]!);
        Assert.Equal(11, (await user.RunAsync("generate-id")).ExitCode);

        var good = user.Id;
        var typo = good[..^3] + (good[^3] == 'a' ? 'b' : 'a') + good[^2..];
        var malformed = await user.RunAsync("add", typo);
        Assert.Equal(6, malformed.ExitCode);
        Assert.Contains("checksum", malformed.Stderr, StringComparison.Ordinal);
        Assert.Contains("of1_", (await user.RunAsync("add", "bob_id")).Stderr, StringComparison.Ordinal);

        var unknown = await user.RunAsync("send", "nobody", "hello");
        Assert.Equal(5, unknown.ExitCode);
        Assert.Contains("offline contacts", unknown.Stderr, StringComparison.Ordinal);

        var someoneElse = new CliUser(folder.Sub("other"), user.RelayUrl);
        await someoneElse.GenerateIdAsync();
        var unreachable = await user.RunAsync("add", someoneElse.Id, "--name", "other");
        Assert.Equal(8, unreachable.ExitCode);
        Assert.Contains($"127.0.0.1:{closedPort}", unreachable.Stderr, StringComparison.Ordinal);

        var passphrase = user.Passphrase;
        user.Passphrase = "not-the-passphrase";
        var locked = await user.RunAsync("id");
        Assert.Equal(4, locked.ExitCode);
        Assert.Contains("Wrong passphrase", locked.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(passphrase, locked.Stderr + locked.Stdout, StringComparison.Ordinal);
        user.Passphrase = passphrase;
        Assert.Equal(0, (await user.RunAsync("id")).ExitCode);

        Assert.Equal(2, (await user.RunAsync("frobnicate")).ExitCode);
    }
}
