using Offline.EndToEnd.Tests.Infrastructure;

namespace Offline.EndToEnd.Tests;

/// <summary>What the CLI does when the relay misbehaves: substituted keys are refused; a refused send stays in the outbox.</summary>
public class HostileRelayTests
{
    [Fact]
    public async Task Add_RelaySubstitutesKeys_IsRefusedWithItsExitCodeAndNothingSaved()
    {
        using var folder = new TempDirectory();
        using var hostile = new HostileRelay(substituteKeys: true);
        var alice = new CliUser(folder.Sub("alice"), () => hostile.Url);
        var bob = new CliUser(folder.Sub("bob"), () => hostile.Url);
        await alice.GenerateIdAsync();
        await bob.GenerateIdAsync();

        var add = await alice.RunAsync("add", bob.Id, "--name", "bob");
        Assert.True(add.ExitCode == 7, add.ToString());
        Assert.Contains("do not hash to the ID", add.Stderr, StringComparison.Ordinal);
        Assert.Empty((await alice.RunOkAsync("contacts", "--json")).Events);
    }

    [Fact]
    public async Task Send_RelayRefuses_MessageStaysInTheOutboxAndSaysWhy()
    {
        using var folder = new TempDirectory();
        using var refusing = new HostileRelay(substituteKeys: false);
        var alice = new CliUser(folder.Sub("alice"), () => refusing.Url);
        var bob = new CliUser(folder.Sub("bob"), () => refusing.Url);
        await alice.GenerateIdAsync();
        await bob.GenerateIdAsync();
        await alice.RunOkAsync("add", bob.Id, "--name", "bob");

        var queued = (await alice.RunOkAsync("send", "bob", "refused for now", "--json")).EventsOf("queued").Single();
        Assert.Contains("queue is full", (string?)queued["problem"], StringComparison.Ordinal);
        Assert.Equal(1, (int)queued["outbox"]!);

        // Every later flush tries again; the relay still refuses, so the message still waits.
        var waiting = (await alice.RunOkAsync("receive", "--json")).EventsOf("outbox_waiting").Single();
        Assert.Equal((string?)queued["id"], (string?)waiting["id"]);
    }
}
