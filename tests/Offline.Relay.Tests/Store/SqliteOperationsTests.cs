using Offline.Protocol.Identity;
using Offline.Protocol.Wire;
using Offline.Relay.Store;
using Offline.Relay.Tests.Hosting;

namespace Offline.Relay.Tests.Store;

/// <summary>The whole operation set once more, against the SQLite store.</summary>
public sealed class SqliteOperationsTests : IDisposable
{
    private const int Difficulty = 10;

    private readonly string directory = System.IO.Directory.CreateTempSubdirectory("relay-sqlite-ops-").FullName;

    public void Dispose() => System.IO.Directory.Delete(directory, recursive: true);

    [Fact]
    public async Task OperationSet_SqliteStore_BehavesAsMemoryStore()
    {
        await using var relay = new RelayFactory(new()
        {
            ["Relay:Store"] = $"sqlite:{Path.Combine(directory, "relay.db")}",
            ["Relay:Limits:StampDifficultyBits"] = Difficulty.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Relay:Limits:IntroMaxPending"] = "2",
        });
        await using var alice = await relay.HelloAsync();
        await using var bob = await relay.HelloAsync();

        // Directory: one-time prekeys handed out once each.
        var published = await TestKeys.PublishAsync(alice, oneTimePrekeys: 1);
        var fetch = new FetchBundleRequest(published.Identity.Id.Fingerprint.ToArray()).Encode();
        Assert.True(PrekeyBundle.TryParse((await bob.RequestAsync(RelayOp.FetchBundle, fetch)).Body.Span, out var first, out _));
        Assert.True(PrekeyBundle.TryParse((await bob.RequestAsync(RelayOp.FetchBundle, fetch)).Body.Span, out var second, out _));
        Assert.Single(first!.OneTimePrekeys);
        Assert.Empty(second!.OneTimePrekeys);

        // Introduction mailbox: stamps and quota.
        Assert.Equal(RelayErrorCode.StampInvalid, (await bob.ErrorAsync(RelayOp.Send, new SendRequest(published.IntroAddress, 0, [1]).Encode())).Code);
        var stamped = TestKeys.StampedSend(published.IntroAddress, TestKeys.Ciphertext(), Difficulty).Encode();
        await bob.OkAsync(RelayOp.Send, stamped);
        Assert.Equal(RelayErrorCode.StampReused, (await bob.ErrorAsync(RelayOp.Send, stamped)).Code);
        await bob.OkAsync(RelayOp.Send, TestKeys.StampedSend(published.IntroAddress, TestKeys.Ciphertext(), Difficulty).Encode());
        Assert.Equal(RelayErrorCode.QuotaExceeded, (await bob.ErrorAsync(RelayOp.Send, TestKeys.StampedSend(published.IntroAddress, TestKeys.Ciphertext(), Difficulty).Encode())).Code);

        // Conversation queue: owner-only, push, ack, delete.
        var (queue, secret) = await TestKeys.CreateQueueAsync(alice, days: 7);
        Assert.Equal(RelayErrorCode.QueueNotFound, (await bob.ErrorAsync(RelayOp.Subscribe, new OwnerRequest(queue, TestKeys.Secret()).Encode())).Code);
        await alice.OkAsync(RelayOp.Subscribe, new OwnerRequest(queue, secret).Encode());
        var message = TestKeys.Ciphertext();
        await bob.OkAsync(RelayOp.Send, new SendRequest(queue, 0, message).Encode());
        var delivered = await alice.NextDeliveryAsync();
        Assert.Equal(message, delivered.Ciphertext);
        await alice.OkAsync(RelayOp.Ack, new AckRequest(queue, secret, delivered.MessageId).Encode());
        Assert.Empty(await relay.Store.PendingAsync(QueueAddress.From(queue), relay.Today, 10, CancellationToken.None));

        // Expiry: an undelivered message after the TTL, the queue after its inactivity period.
        await bob.OkAsync(RelayOp.Send, new SendRequest(queue, 0, message).Encode());
        relay.Clock.AdvanceDays(8);
        Assert.Equal(RelayErrorCode.QueueNotFound, (await bob.ErrorAsync(RelayOp.Send, new SendRequest(queue, 0, message).Encode())).Code);
        var swept = await relay.Store.SweepAsync(relay.Today, CancellationToken.None);
        Assert.Equal(3, swept.Messages); // the queue's message and the two first contacts, all past the TTL
        Assert.Equal(1, swept.Queues);
        Assert.Equal(0, ((SqliteRelayStore)relay.Store).MessageCount);

        // Deleting the introduction mailbox unpublishes the ID.
        await alice.OkAsync(RelayOp.DeleteQueue, new OwnerRequest(published.IntroAddress, published.IntroSecret).Encode());
        Assert.Equal(RelayErrorCode.NotFound, (await bob.ErrorAsync(RelayOp.FetchBundle, fetch)).Code);
    }
}
