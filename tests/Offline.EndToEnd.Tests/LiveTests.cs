using Offline.EndToEnd.Tests.Infrastructure;

namespace Offline.EndToEnd.Tests;

/// <summary>The long-running commands: receive --follow and chat show messages as they arrive; the receipt and typing settings are respected.</summary>
public class LiveTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task ReceiveFollowAndChat_ShowMessagesAsTheyArrive_SettingsRespected()
    {
        using var users = await TwoUsers.StartAsync(durableRelay: false);
        await users.IntroduceAsync("hello before going live");

        // Bob waits with receive --follow; Alice's message shows up while it runs; SIGTERM ends it cleanly.
        using (var follow = users.Bob.Start("receive", "--follow", "--json"))
        {
            await users.Alice.RunOkAsync("send", "bob", "arrives while bob follows");
            await follow.WaitForLineAsync(l => l.Contains("arrives while bob follows", StringComparison.Ordinal), Wait);
            Assert.Equal(0, await follow.StopAsync());
        }

        // Alice chats; Bob's message appears in her chat live, then she leaves with /quit.
        using var chat = users.Alice.Start("chat", "bob");
        await chat.WaitForLineAsync(l => l.Contains("chat with bob", StringComparison.Ordinal), Wait);
        await users.Bob.RunOkAsync("send", "alice", "live in your chat");
        await chat.WaitForLineAsync(l => l.Contains("live in your chat", StringComparison.Ordinal), Wait);
        await chat.Input.WriteLineAsync("/quit");
        await chat.Input.FlushAsync();
        Assert.Equal(0, await chat.WaitForExitAsync(Wait));
        Assert.Contains("arrives while bob follows", (await users.Alice.RunOkAsync("history", "bob")).Stdout, StringComparison.Ordinal);

        // Bob turns read receipts and typing off: his chat then sends neither.
        await users.Alice.RunOkAsync("receive");
        await users.Bob.RunOkAsync("settings", "read-receipts", "off", "typing", "off");
        var settings = (await users.Bob.RunOkAsync("settings", "--json")).Events.Single();
        Assert.False((bool)settings["read_receipts"]!);
        Assert.False((bool)settings["typing"]!);
        await users.Alice.RunOkAsync("send", "bob", "are receipts off?");
        Assert.Equal(0, (await users.Bob.RunWithInputAsync("no typing shown\n/quit\n", "chat", "alice")).ExitCode);
        var inbox = await users.Alice.RunOkAsync("receive", "--json");
        Assert.Empty(inbox.EventsOf("read"));
        Assert.Empty(inbox.EventsOf("typing"));
        Assert.Equal("no typing shown", (string?)inbox.EventsOf("message").Single()["text"]);
    }
}
