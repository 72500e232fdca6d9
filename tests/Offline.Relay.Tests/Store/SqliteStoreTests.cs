using Offline.Protocol.Wire;
using Offline.Relay.Store;
using Offline.Relay.Tests.Hosting;

namespace Offline.Relay.Tests.Store;

public sealed class SqliteStoreTests : IDisposable
{
    private readonly string directory = System.IO.Directory.CreateTempSubdirectory("relay-sqlite-").FullName;

    private string DatabasePath => Path.Combine(directory, "relay.db");

    public void Dispose() => System.IO.Directory.Delete(directory, recursive: true);

    [Fact]
    public async Task Ack_CiphertextLeavesNoTraceInFileOrJournal()
    {
        await using (var relay = new RelayFactory(new() { ["Relay:Store"] = $"sqlite:{DatabasePath}" }))
        {
            await using var client = await relay.HelloAsync();
            var (address, secret) = await TestKeys.CreateQueueAsync(client);
            var ciphertext = TestKeys.Ciphertext(3000);
            var keep = TestKeys.Ciphertext(3000);
            await client.OkAsync(RelayOp.Send, new SendRequest(address, 0, ciphertext).Encode());
            await client.OkAsync(RelayOp.Send, new SendRequest(address, 0, keep).Encode());
            Assert.Contains(ByteScan.Files(directory), f => ByteScan.Contains(f.Bytes, ciphertext));

            await client.OkAsync(RelayOp.Subscribe, new OwnerRequest(address, secret).Encode());
            var delivered = await client.NextDeliveryAsync();
            Assert.Equal(ciphertext, delivered.Ciphertext);
            await client.OkAsync(RelayOp.Ack, new AckRequest(address, secret, delivered.MessageId).Encode());

            // No trace of any 32-byte piece of the acknowledged ciphertext, while the unacknowledged one is still there.
            var files = ByteScan.Files(directory).ToList();
            Assert.Contains(files, f => ByteScan.Contains(f.Bytes, keep));
            for (var offset = 0; offset + 32 <= ciphertext.Length; offset += 32)
            {
                var piece = ciphertext.AsMemory(offset, 32);
                Assert.DoesNotContain(files, f => ByteScan.Contains(f.Bytes, piece.Span));
            }

            Assert.Equal(1, ((SqliteRelayStore)relay.Store).MessageCount);
        }
    }

    [Fact]
    public async Task KillDashNine_UnacknowledgedIntact_AcknowledgedNeverRedelivered()
    {
        var store = $"sqlite:{DatabasePath}";
        var messages = Enumerable.Range(0, 4).Select(_ => TestKeys.Ciphertext()).ToList();
        byte[] address, secret;
        await using (var relay = await RelayProcess.StartAsync(["--store", store]))
        {
            await using var client = await RelayClient.ConnectAsync(relay.SocketUri);
            await client.HelloAsync();
            (address, secret) = await TestKeys.CreateQueueAsync(client);
            foreach (var message in messages)
            {
                await client.OkAsync(RelayOp.Send, new SendRequest(address, 0, message).Encode());
            }

            await client.OkAsync(RelayOp.Subscribe, new OwnerRequest(address, secret).Encode());
            var delivered = new List<DeliveryBody>();
            for (var i = 0; i < messages.Count; i++)
            {
                delivered.Add(await client.NextDeliveryAsync());
            }

            await client.OkAsync(RelayOp.Ack, new AckRequest(address, secret, delivered[0].MessageId).Encode());
            await client.OkAsync(RelayOp.Ack, new AckRequest(address, secret, delivered[2].MessageId).Encode());
            await relay.KillHardAsync();
        }

        await using (var restarted = await RelayProcess.StartAsync(["--store", store]))
        {
            await using var client = await RelayClient.ConnectAsync(restarted.SocketUri);
            await client.HelloAsync();
            await client.OkAsync(RelayOp.Subscribe, new OwnerRequest(address, secret).Encode());
            var first = await client.NextDeliveryAsync();
            var second = await client.NextDeliveryAsync();
            Assert.Equal(RelayOp.Pong, (await client.RequestAsync(RelayOp.Ping, [])).Op);

            Assert.Equal(messages[1], first.Ciphertext);
            Assert.Equal(messages[3], second.Ciphertext);
            Assert.False(client.TryTakeDelivery(out _));
        }
    }
}
