using Microsoft.Extensions.DependencyInjection;
using Offline.Protocol.Wire;
using Offline.Relay.Mailboxes;
using Offline.Relay.Store;
using Offline.Relay.Tests.Hosting;

namespace Offline.Relay.Tests.Privacy;

/// <summary>
/// docs/TRAFFIC.md rule 7: a client rotates by opening a new paced connection, and nothing the
/// relay keeps links the two. Each connection does what a real one does (Hello, publish, its
/// conversation queue, a loop queue created, used and deleted); afterwards the store's raw bytes
/// hold neither connection's token or challenge nor either loop queue, and the hub holds no
/// subscription of a closed connection.
/// </summary>
public sealed class TokenRotationTests : IDisposable
{
    private readonly string directory = System.IO.Directory.CreateTempSubdirectory("relay-rotation-").FullName;

    public void Dispose() => System.IO.Directory.Delete(directory, recursive: true);

    [Theory]
    [InlineData("memory")]
    [InlineData("sqlite")]
    public async Task Rotation_TwoPacedConnections_StoreAndHubHoldNoLinkBetweenThem(string store)
    {
        var setting = store == "sqlite" ? $"sqlite:{Path.Combine(directory, "relay.db")}" : "memory";
        await using var relay = new RelayFactory(new() { ["Relay:Store"] = setting });
        var hub = relay.Services.GetRequiredService<MailboxHub>();
        var (conversationQueue, conversationSecret) = (TestKeys.Address(), TestKeys.Secret());

        // 1. Connection A: publishes a fresh identity and creates the conversation queue.
        TestKeys.Published? published = null;
        var a = await RunConnectionAsync(relay, async client =>
        {
            published = await TestKeys.PublishAsync(client);
            await client.OkAsync(RelayOp.CreateQueue, new CreateQueueRequest(conversationQueue, TestKeys.AuthHash(conversationSecret), 30).Encode());
            await client.OkAsync(RelayOp.Subscribe, new OwnerRequest(conversationQueue, conversationSecret).Encode());
            await client.OkAsync(RelayOp.Subscribe, new OwnerRequest(published.IntroAddress, published.IntroSecret).Encode());
        });
        await WaitUntilAsync(() => hub.SubscriptionCount == 0, "connection A's subscriptions outlived it");

        // 2. Connection B, after rotation: the same identity and queues, a new token.
        var b = await RunConnectionAsync(relay, async client =>
        {
            var request = TestKeys.PublishRequest(published!.Identity, published.Bundle, client.Welcome!.Challenge, TestKeys.AuthHash(published.IntroSecret));
            await client.OkAsync(RelayOp.PublishBundle, request.Encode());
            await client.OkAsync(RelayOp.Subscribe, new OwnerRequest(conversationQueue, conversationSecret).Encode());
            await client.OkAsync(RelayOp.Subscribe, new OwnerRequest(published.IntroAddress, published.IntroSecret).Encode());
        });
        await WaitUntilAsync(() => hub.SubscriptionCount == 0, "connection B's subscriptions outlived it");

        Assert.NotEqual(a.Welcome.Token, b.Welcome.Token);
        Assert.NotEqual(a.Welcome.Challenge, b.Welcome.Challenge);
        var dumps = Dumps(relay, store);
        Assert.Contains(dumps, d => ByteScan.Contains(d.Bytes, conversationQueue));
        foreach (var (name, needle) in new (string, byte[])[]
        {
            ("A's token", a.Welcome.Token), ("A's challenge", a.Welcome.Challenge), ("A's loop queue", a.LoopQueue), ("A's loop owner hash", a.LoopAuthHash),
            ("B's token", b.Welcome.Token), ("B's challenge", b.Welcome.Challenge), ("B's loop queue", b.LoopQueue), ("B's loop owner hash", b.LoopAuthHash),
        })
        {
            Assert.False(dumps.Any(d => ByteScan.Contains(d.Bytes, needle)), $"{store} store holds {name}");
        }

        // The conversation queue itself is still the owner's.
        await using var check = await relay.HelloAsync();
        await check.OkAsync(RelayOp.Subscribe, new OwnerRequest(conversationQueue, conversationSecret).Encode());
    }

    /// <summary>One paced connection's life: Hello, <paramref name="work"/>, then a loop queue created, used, acknowledged and deleted; closed at the end.</summary>
    private static async Task<ConnectionTrace> RunConnectionAsync(RelayFactory relay, Func<RelayClient, Task> work)
    {
        await using var client = await RelayClient.ConnectPacedAsync(relay.SocketUri);
        await client.HelloAsync();
        await work(client);

        var (loop, loopSecret) = (TestKeys.Address(), TestKeys.Secret());
        await client.OkAsync(RelayOp.CreateQueue, new CreateQueueRequest(loop, TestKeys.AuthHash(loopSecret), 7).Encode());
        await client.OkAsync(RelayOp.Subscribe, new OwnerRequest(loop, loopSecret).Encode());
        await client.OkAsync(RelayOp.Send, new SendRequest(loop, 0, TestKeys.Ciphertext(SendRequest.CiphertextCapacity(1024))).Encode());
        var cover = await client.NextDeliveryAsync();
        await client.OkAsync(RelayOp.Ack, new AckRequest(loop, loopSecret, cover.MessageId).Encode());
        await client.OkAsync(RelayOp.DeleteQueue, new OwnerRequest(loop, loopSecret).Encode());
        Assert.Equal(2, relay.Services.GetRequiredService<MailboxHub>().SubscriptionCount);
        return new ConnectionTrace(client.Welcome!, loop, TestKeys.AuthHash(loopSecret));
    }

    /// <summary>The store's raw bytes: the SQLite file and any journal beside it, or the memory store's whole content.</summary>
    private List<(string Name, byte[] Bytes)> Dumps(RelayFactory relay, string store) => store == "sqlite"
        ? [.. ByteScan.Files(directory)]
        : [("memory", ((MemoryRelayStore)relay.Store).Snapshot())];

    private static async Task WaitUntilAsync(Func<bool> condition, string failure)
    {
        using var poll = new PeriodicTimer(TimeSpan.FromMilliseconds(10));
        var deadline = DateTime.UtcNow + RelayClient.Wait;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, failure);
            await poll.WaitForNextTickAsync();
        }
    }

    private sealed record ConnectionTrace(WelcomeBody Welcome, byte[] LoopQueue, byte[] LoopAuthHash);
}
