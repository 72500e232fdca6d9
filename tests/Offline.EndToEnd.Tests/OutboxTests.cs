using Offline.EndToEnd.Tests.Infrastructure;

namespace Offline.EndToEnd.Tests;

/// <summary>A message sent while the relay is down waits in the encrypted outbox and arrives once it is back, exactly once.</summary>
public class OutboxTests
{
    [Fact]
    public async Task Send_WhileRelayDown_ArrivesOnceAfterItReturns()
    {
        using var users = await TwoUsers.StartAsync(durableRelay: true);
        await users.IntroduceAsync("before the outage");

        users.Relay.Stop();
        var queued = await users.Alice.RunOkAsync("send", "bob", "written while the relay was down");
        Assert.Contains("stored in the encrypted outbox", queued.Stdout, StringComparison.Ordinal);
        Assert.Contains("will be sent when the relay is reachable", queued.Stdout, StringComparison.Ordinal);
        var unreachable = await users.Bob.RunAsync("receive");
        Assert.Equal(8, unreachable.ExitCode);

        await users.Relay.StartAgainAsync();
        var flushed = await users.Alice.RunOkAsync("receive", "--json");
        Assert.Single(flushed.EventsOf("outbox_sent"));

        var arrived = await users.Bob.RunOkAsync("receive", "--json");
        Assert.Equal("written while the relay was down", (string?)arrived.EventsOf("message").Single()["text"]);
        Assert.Empty((await users.Bob.RunOkAsync("receive", "--json")).EventsOf("message"));
        Assert.Empty((await users.Alice.RunOkAsync("receive", "--json")).EventsOf("outbox_sent"));
        var history = (await users.Bob.RunOkAsync("history", "alice", "--json")).EventsOf("message");
        Assert.Single(history, m => (string?)m["text"] == "written while the relay was down");
    }
}
