using Offline.Protocol.Wire;

namespace Offline.Relay.Tests.Hosting;

/// <summary>
/// A scripted conversation between two clients the way the real ones will talk: Bob fetches
/// Alice's bundle, sends first contact to her introduction mailbox with a stamp, then each side
/// sends to the other's conversation queue and acknowledges what it receives.
/// </summary>
internal sealed class Conversation
{
    public List<byte[]> Addresses { get; } = [];

    public List<string> Ids { get; } = [];

    public List<byte[]> Fingerprints { get; } = [];

    public static async Task<Conversation> RunAsync(Uri socket, int difficulty, int messagesEachWay)
    {
        var conversation = new Conversation();
        await using var alice = await RelayClient.ConnectAsync(socket);
        await using var bob = await RelayClient.ConnectAsync(socket);
        await alice.HelloAsync();
        await bob.HelloAsync();
        conversation.Ports.AddRange([alice.LocalPort, bob.LocalPort]);

        // 1. Both publish; Bob fetches Alice's bundle.
        var alicePublished = await TestKeys.PublishAsync(alice);
        var bobPublished = await TestKeys.PublishAsync(bob);
        var fetched = await bob.RequestAsync(RelayOp.FetchBundle, new FetchBundleRequest(alicePublished.Identity.Id.Fingerprint.ToArray()).Encode());
        Assert.Equal(RelayOp.Bundle, fetched.Op);

        // 2. Each owns a conversation queue; Bob's first contact (carrying his queue) goes to Alice's introduction mailbox.
        var (aliceQueue, aliceSecret) = await TestKeys.CreateQueueAsync(alice);
        var (bobQueue, bobSecret) = await TestKeys.CreateQueueAsync(bob);
        await alice.OkAsync(RelayOp.Subscribe, new OwnerRequest(alicePublished.IntroAddress, alicePublished.IntroSecret).Encode());
        await alice.OkAsync(RelayOp.Subscribe, new OwnerRequest(aliceQueue, aliceSecret).Encode());
        await bob.OkAsync(RelayOp.Subscribe, new OwnerRequest(bobQueue, bobSecret).Encode());
        await bob.OkAsync(RelayOp.Send, TestKeys.StampedSend(alicePublished.IntroAddress, TestKeys.Ciphertext(), difficulty).Encode());
        var intro = await alice.NextDeliveryAsync();
        await alice.OkAsync(RelayOp.Ack, new AckRequest(alicePublished.IntroAddress, alicePublished.IntroSecret, intro.MessageId).Encode());

        // 3. Both directions at once; every message arrives exactly as sent and is acknowledged.
        await Task.WhenAll(
            Exchange(alice, bobQueue, bob, bobSecret, messagesEachWay),
            Exchange(bob, aliceQueue, alice, aliceSecret, messagesEachWay));

        conversation.Addresses.AddRange([aliceQueue, bobQueue, alicePublished.IntroAddress, bobPublished.IntroAddress]);
        conversation.Ids.AddRange([alicePublished.Identity.Id.Text, bobPublished.Identity.Id.Text]);
        conversation.Fingerprints.AddRange([alicePublished.Identity.Id.Fingerprint.ToArray(), bobPublished.Identity.Id.Fingerprint.ToArray()]);
        return conversation;
    }

    public List<int> Ports { get; } = [];

    private static async Task Exchange(RelayClient sender, byte[] queue, RelayClient receiver, byte[] secret, int count)
    {
        var sent = Enumerable.Range(0, count).Select(_ => TestKeys.Ciphertext()).ToList();
        var sending = Task.Run(async () =>
        {
            foreach (var message in sent)
            {
                await sender.OkAsync(RelayOp.Send, new SendRequest(queue, 0, message).Encode());
            }
        });

        var received = new Dictionary<ulong, byte[]>();
        while (received.Count < count)
        {
            var delivery = await receiver.NextDeliveryAsync();
            if (delivery.Address.AsSpan().SequenceEqual(queue) && received.TryAdd(delivery.MessageId, delivery.Ciphertext))
            {
                await receiver.OkAsync(RelayOp.Ack, new AckRequest(queue, secret, delivery.MessageId).Encode());
            }
        }

        await sending;
        Assert.Equal(sent.Select(Convert.ToHexString).Order(), received.Values.Select(Convert.ToHexString).Order());
    }
}
