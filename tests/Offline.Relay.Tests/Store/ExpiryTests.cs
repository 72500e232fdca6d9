using Offline.Protocol.Wire;
using Offline.Relay.Store;
using Offline.Relay.Tests.Hosting;

namespace Offline.Relay.Tests.Store;

public sealed class ExpiryTests
{
    [Fact]
    public async Task Message_PastTtl_NotDeliveredAndSweptAway()
    {
        await using var relay = new RelayFactory(new() { ["Relay:Limits:MessageTtlDays"] = "7" });
        await using var client = await relay.HelloAsync();
        var (address, secret) = await TestKeys.CreateQueueAsync(client, days: 90);
        await client.OkAsync(RelayOp.Send, new SendRequest(address, 0, TestKeys.Ciphertext()).Encode());

        relay.Clock.AdvanceDays(7);
        var stillThere = await relay.Store.PendingAsync(QueueAddress.From(address), relay.Today, 10, CancellationToken.None);
        relay.Clock.AdvanceDays(1);
        await client.OkAsync(RelayOp.Subscribe, new OwnerRequest(address, secret).Encode());
        Assert.Equal(RelayOp.Pong, (await client.RequestAsync(RelayOp.Ping, [])).Op);
        var swept = await relay.Store.SweepAsync(relay.Today, CancellationToken.None);

        Assert.Single(stillThere);
        Assert.False(client.TryTakeDelivery(out _));
        Assert.Equal(1, swept.Messages);
        Assert.Equal(0, ((MemoryRelayStore)relay.Store).MessageCount);
    }

    [Fact]
    public async Task Queue_InactiveLongerThanOwnersPeriod_Gone()
    {
        await using var relay = new RelayFactory();
        await using var client = await relay.HelloAsync();
        var (address, secret) = await TestKeys.CreateQueueAsync(client, days: 7);

        relay.Clock.AdvanceDays(8);

        Assert.Equal(RelayErrorCode.QueueNotFound, (await client.ErrorAsync(RelayOp.Send, new SendRequest(address, 0, TestKeys.Ciphertext()).Encode())).Code);
        Assert.Equal(RelayErrorCode.QueueNotFound, (await client.ErrorAsync(RelayOp.Subscribe, new OwnerRequest(address, secret).Encode())).Code);
        Assert.Equal(1, (await relay.Store.SweepAsync(relay.Today, CancellationToken.None)).Queues);
    }

    [Fact]
    public async Task Queue_UsedByOwner_InactivityClockRestarts()
    {
        await using var relay = new RelayFactory();
        await using var client = await relay.HelloAsync();
        var (address, secret) = await TestKeys.CreateQueueAsync(client, days: 7);

        relay.Clock.AdvanceDays(5);
        await client.OkAsync(RelayOp.Subscribe, new OwnerRequest(address, secret).Encode());
        relay.Clock.AdvanceDays(5);

        await client.OkAsync(RelayOp.Send, new SendRequest(address, 0, TestKeys.Ciphertext()).Encode());
        relay.Clock.AdvanceDays(3);
        Assert.Equal(RelayErrorCode.QueueNotFound, (await client.ErrorAsync(RelayOp.Send, new SendRequest(address, 0, TestKeys.Ciphertext()).Encode())).Code);
    }

    [Fact]
    public async Task DirectoryEntry_OwnerInactive_GoneWithItsIntroductionMailbox()
    {
        await using var relay = new RelayFactory();
        await using var owner = await relay.HelloAsync();
        var published = await TestKeys.PublishAsync(owner, days: 7);
        var fetch = new FetchBundleRequest(published.Identity.Id.Fingerprint.ToArray()).Encode();

        relay.Clock.AdvanceDays(7);
        Assert.Equal(RelayOp.Bundle, (await owner.RequestAsync(RelayOp.FetchBundle, fetch)).Op);
        relay.Clock.AdvanceDays(1);

        Assert.Equal(RelayErrorCode.NotFound, (await owner.ErrorAsync(RelayOp.FetchBundle, fetch)).Code);
        var swept = await relay.Store.SweepAsync(relay.Today, CancellationToken.None);
        Assert.Equal(1, swept.DirectoryEntries);
        Assert.Equal(1, swept.Queues);
    }
}
