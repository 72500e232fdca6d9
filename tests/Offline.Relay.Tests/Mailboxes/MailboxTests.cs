using Offline.Protocol.Wire;
using Offline.Relay.Store;
using Offline.Relay.Tests.Hosting;

namespace Offline.Relay.Tests.Mailboxes;

public sealed class MailboxTests
{
    [Fact]
    public async Task Subscribe_PendingDeliveredThenNewOnesPushed()
    {
        await using var relay = new RelayFactory();
        await using var owner = await relay.HelloAsync();
        await using var sender = await relay.HelloAsync();
        var (address, secret) = await TestKeys.CreateQueueAsync(owner);
        var (first, second) = (TestKeys.Ciphertext(), TestKeys.Ciphertext());

        await sender.OkAsync(RelayOp.Send, new SendRequest(address, 0, first).Encode());
        await owner.OkAsync(RelayOp.Subscribe, new OwnerRequest(address, secret).Encode());
        var pending = await owner.NextDeliveryAsync();
        await sender.OkAsync(RelayOp.Send, new SendRequest(address, 0, second).Encode());
        var pushed = await owner.NextDeliveryAsync();

        Assert.Equal(first, pending.Ciphertext);
        Assert.Equal(address, pending.Address);
        Assert.Equal(second, pushed.Ciphertext);
        Assert.NotEqual(pending.MessageId, pushed.MessageId);
    }

    [Fact]
    public async Task Ack_DeletesMessageAtOnce_MemoryStoreHoldsNoCiphertext()
    {
        await using var relay = new RelayFactory();
        await using var owner = await relay.HelloAsync();
        var (address, secret) = await TestKeys.CreateQueueAsync(owner);
        var ciphertext = TestKeys.Ciphertext();
        await owner.OkAsync(RelayOp.Send, new SendRequest(address, 0, ciphertext).Encode());
        await owner.OkAsync(RelayOp.Subscribe, new OwnerRequest(address, secret).Encode());
        var delivered = await owner.NextDeliveryAsync();
        var store = (MemoryRelayStore)relay.Store;
        Assert.Equal(1, store.MessageCount);

        await owner.OkAsync(RelayOp.Ack, new AckRequest(address, secret, delivered.MessageId).Encode());

        Assert.Equal(0, store.MessageCount);
        Assert.Empty(store.AllCiphertexts());
        await using var again = await relay.HelloAsync();
        await again.OkAsync(RelayOp.Subscribe, new OwnerRequest(address, secret).Encode());
        Assert.Equal(RelayOp.Pong, (await again.RequestAsync(RelayOp.Ping, [])).Op);
        Assert.False(again.TryTakeDelivery(out _));
    }

    [Fact]
    public async Task OwnerOperations_WrongSecret_RefusedAndMessageKept()
    {
        await using var relay = new RelayFactory();
        await using var owner = await relay.HelloAsync();
        await using var stranger = await relay.HelloAsync();
        var (address, secret) = await TestKeys.CreateQueueAsync(owner);
        await stranger.OkAsync(RelayOp.Send, new SendRequest(address, 0, TestKeys.Ciphertext()).Encode());
        var wrong = TestKeys.Secret();

        Assert.Equal(RelayErrorCode.QueueNotFound, (await stranger.ErrorAsync(RelayOp.Subscribe, new OwnerRequest(address, wrong).Encode())).Code);
        Assert.Equal(RelayErrorCode.QueueNotFound, (await stranger.ErrorAsync(RelayOp.Ack, new AckRequest(address, wrong, 1).Encode())).Code);
        Assert.Equal(RelayErrorCode.QueueNotFound, (await stranger.ErrorAsync(RelayOp.DeleteQueue, new OwnerRequest(address, wrong).Encode())).Code);
        Assert.Equal(RelayErrorCode.AddressTaken, (await stranger.ErrorAsync(RelayOp.CreateQueue, new CreateQueueRequest(address, TestKeys.AuthHash(wrong), 30).Encode())).Code);

        await owner.OkAsync(RelayOp.Subscribe, new OwnerRequest(address, secret).Encode());
        Assert.NotNull(await owner.NextDeliveryAsync());
        Assert.False(stranger.TryTakeDelivery(out _));
    }

    [Fact]
    public async Task DeleteQueue_ByOwner_RemovesQueueAndPendingMail()
    {
        await using var relay = new RelayFactory();
        await using var owner = await relay.HelloAsync();
        var (address, secret) = await TestKeys.CreateQueueAsync(owner);
        await owner.OkAsync(RelayOp.Send, new SendRequest(address, 0, TestKeys.Ciphertext()).Encode());

        await owner.OkAsync(RelayOp.DeleteQueue, new OwnerRequest(address, secret).Encode());

        Assert.Equal(0, ((MemoryRelayStore)relay.Store).MessageCount);
        Assert.Equal(RelayErrorCode.QueueNotFound, (await owner.ErrorAsync(RelayOp.Send, new SendRequest(address, 0, TestKeys.Ciphertext()).Encode())).Code);
        Assert.Equal(RelayErrorCode.QueueNotFound, (await owner.ErrorAsync(RelayOp.Subscribe, new OwnerRequest(address, secret).Encode())).Code);
    }

    [Fact]
    public async Task CreateQueue_InactivityPeriodNotOffered_Refused()
    {
        await using var relay = new RelayFactory();
        await using var owner = await relay.HelloAsync();

        var error = await owner.ErrorAsync(RelayOp.CreateQueue, new CreateQueueRequest(TestKeys.Address(), TestKeys.AuthHash(TestKeys.Secret()), 365).Encode());

        Assert.Equal(RelayErrorCode.InvalidInactivityPeriod, error.Code);
    }

    [Fact]
    public async Task Send_ConversationQueueFull_QuotaExceeded()
    {
        await using var relay = new RelayFactory(new() { ["Relay:Limits:MaxPendingPerQueue"] = "3" });
        await using var client = await relay.HelloAsync();
        var (address, _) = await TestKeys.CreateQueueAsync(client);
        for (var i = 0; i < 3; i++)
        {
            await client.OkAsync(RelayOp.Send, new SendRequest(address, 0, TestKeys.Ciphertext()).Encode());
        }

        var error = await client.ErrorAsync(RelayOp.Send, new SendRequest(address, 0, TestKeys.Ciphertext()).Encode());

        Assert.Equal(RelayErrorCode.QuotaExceeded, error.Code);
    }

    [Fact]
    public async Task Subscribe_BeyondPerConnectionCap_Refused()
    {
        await using var relay = new RelayFactory(new() { ["Relay:Limits:MaxSubscriptionsPerConnection"] = "2" });
        await using var owner = await relay.HelloAsync();
        var queues = new List<(byte[] Address, byte[] Secret)>();
        for (var i = 0; i < 3; i++)
        {
            queues.Add(await TestKeys.CreateQueueAsync(owner));
        }

        await owner.OkAsync(RelayOp.Subscribe, new OwnerRequest(queues[0].Address, queues[0].Secret).Encode());
        await owner.OkAsync(RelayOp.Subscribe, new OwnerRequest(queues[1].Address, queues[1].Secret).Encode());
        var error = await owner.ErrorAsync(RelayOp.Subscribe, new OwnerRequest(queues[2].Address, queues[2].Secret).Encode());

        Assert.Equal(RelayErrorCode.TooManySubscriptions, error.Code);
    }

    [Fact]
    public async Task Send_StoreOrQueueBytesExhausted_Refused()
    {
        await using var relay = new RelayFactory(new() { ["Relay:Limits:MaxStoreBytes"] = "2000", ["Relay:Limits:MaxBytesPerQueue"] = "1500" });
        await using var client = await relay.HelloAsync();
        var (first, _) = await TestKeys.CreateQueueAsync(client);
        var (second, _) = await TestKeys.CreateQueueAsync(client);

        await client.OkAsync(RelayOp.Send, new SendRequest(first, 0, TestKeys.Ciphertext(900)).Encode());
        var queueFull = await client.ErrorAsync(RelayOp.Send, new SendRequest(first, 0, TestKeys.Ciphertext(900)).Encode());
        await client.OkAsync(RelayOp.Send, new SendRequest(second, 0, TestKeys.Ciphertext(900)).Encode());
        var storeFull = await client.ErrorAsync(RelayOp.Send, new SendRequest(second, 0, TestKeys.Ciphertext(900)).Encode());

        Assert.Equal(RelayErrorCode.QuotaExceeded, queueFull.Code);
        Assert.Equal(RelayErrorCode.StoreFull, storeFull.Code);
    }
}
