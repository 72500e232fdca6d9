using Offline.Protocol.Wire;
using Offline.Relay.Store;
using Offline.Relay.Tests.Hosting;
using static Offline.Relay.Tests.Chunks.ChunkRelay;

namespace Offline.Relay.Tests.Chunks;

/// <summary>PutChunk, GetChunk and ReleaseChunk through the real host, each against the memory and the SQLite store.</summary>
public sealed class ChunkStoreTests
{
    public static TheoryData<string> Stores => [Memory, Sqlite];

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task PutGetRelease_OneFetch_FetchedAgainUntilReleasedThenGone(string store)
    {
        await using var relay = new ChunkRelay(store);
        await using var sender = await relay.Relay.HelloAsync();
        await using var recipient = await relay.Relay.HelloAsync();
        var (address, chunk) = (TestKeys.Address(), Chunk());

        await sender.OkAsync(RelayOp.PutChunk, Put(address, chunk));
        var first = await GetAsync(recipient, address);
        var again = await GetAsync(recipient, address);
        await recipient.OkAsync(RelayOp.ReleaseChunk, At(address));

        Assert.Equal(chunk, first);
        Assert.Equal(chunk, again);
        await AssertGoneAsync(recipient, address);
        await AssertGoneAsync(sender, address);
        await recipient.OkAsync(RelayOp.ReleaseChunk, At(address));
        Assert.Equal(0, relay.ChunkCount);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Release_ThreeFetches_DeletedOnlyAfterTheThirdRelease(string store)
    {
        await using var relay = new ChunkRelay(store);
        await using var client = await relay.Relay.HelloAsync();
        var (address, chunk) = (TestKeys.Address(), Chunk());
        await client.OkAsync(RelayOp.PutChunk, Put(address, chunk, fetches: 3));

        for (var release = 1; release <= 2; release++)
        {
            await client.OkAsync(RelayOp.ReleaseChunk, At(address));
            Assert.Equal(chunk, await GetAsync(client, address));
        }

        await client.OkAsync(RelayOp.ReleaseChunk, At(address));
        await AssertGoneAsync(client, address);
        Assert.Equal(0, relay.ChunkCount);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Put_SameAddress_SameBytesOkOtherBytesAddressTaken(string store)
    {
        await using var relay = new ChunkRelay(store);
        await using var client = await relay.Relay.HelloAsync();
        await using var other = await relay.Relay.HelloAsync();
        var (address, chunk) = (TestKeys.Address(), Chunk());
        await client.OkAsync(RelayOp.PutChunk, Put(address, chunk, fetches: 2));

        await client.OkAsync(RelayOp.PutChunk, Put(address, chunk, fetches: 2));
        await other.OkAsync(RelayOp.PutChunk, Put(address, chunk, fetches: 5));
        var changedOneByte = (byte[])chunk.Clone();
        changedOneByte[^1] ^= 1;
        var taken = await other.ErrorAsync(RelayOp.PutChunk, Put(address, changedOneByte));

        Assert.Equal(RelayErrorCode.AddressTaken, taken.Code);
        Assert.Equal(chunk, await GetAsync(other, address));
        Assert.Equal(1, relay.ChunkCount);

        // A retried put changed nothing: still two releases to go, not five.
        await client.OkAsync(RelayOp.ReleaseChunk, At(address));
        await client.OkAsync(RelayOp.ReleaseChunk, At(address));
        await AssertGoneAsync(client, address);

        // Once gone, the address is free again.
        await other.OkAsync(RelayOp.PutChunk, Put(address, changedOneByte));
        Assert.Equal(changedOneByte, await GetAsync(client, address));
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Chunk_NeverReleased_ExpiresAfterTtlAndIsSwept(string store)
    {
        await using var relay = new ChunkRelay(store, new() { ["Relay:Limits:ChunkTtlDays"] = "7" });
        await using var client = await relay.Relay.HelloAsync();
        var (address, chunk, kept) = (TestKeys.Address(), Chunk(), TestKeys.Address());
        await client.OkAsync(RelayOp.PutChunk, Put(address, chunk));

        relay.Relay.Clock.AdvanceDays(7);
        Assert.Equal(chunk, await GetAsync(client, address));
        await client.OkAsync(RelayOp.PutChunk, Put(kept, Chunk()));
        relay.Relay.Clock.AdvanceDays(1);

        await AssertGoneAsync(client, address);
        var swept = await relay.Relay.Store.SweepAsync(relay.Relay.Today, CancellationToken.None);
        Assert.Equal(1, swept.Chunks);
        Assert.Equal(1, relay.ChunkCount);
        await AssertGoneAsync(client, address);

        // An expired address takes new bytes.
        var fresh = Chunk();
        await client.OkAsync(RelayOp.PutChunk, Put(address, fresh));
        Assert.Equal(fresh, await GetAsync(client, address));
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Chunk_ExpiredButNotSwept_AbsentToGetAndPut(string store)
    {
        await using var relay = new ChunkRelay(store, new() { ["Relay:Limits:ChunkTtlDays"] = "1" });
        await using var client = await relay.Relay.HelloAsync();
        var address = TestKeys.Address();
        await client.OkAsync(RelayOp.PutChunk, Put(address, Chunk()));

        relay.Relay.Clock.AdvanceDays(2);

        await AssertGoneAsync(client, address);
        var other = Chunk();
        await client.OkAsync(RelayOp.PutChunk, Put(address, other));
        Assert.Equal(other, await GetAsync(client, address));
        Assert.Equal(1, relay.ChunkCount);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Put_PastTheConnectionsQuota_QuotaExceededButAnotherConnectionMayStore(string store)
    {
        await using var relay = new ChunkRelay(store, new() { ["Relay:Limits:MaxChunksPerConnection"] = "3" });
        await using var client = await relay.Relay.HelloAsync();
        var addresses = Enumerable.Range(0, 3).Select(_ => TestKeys.Address()).ToList();
        var chunk = Chunk();
        foreach (var address in addresses)
        {
            await client.OkAsync(RelayOp.PutChunk, Put(address, chunk));
        }

        var refused = await client.ErrorAsync(RelayOp.PutChunk, Put(TestKeys.Address(), chunk));

        Assert.Equal(RelayErrorCode.QuotaExceeded, refused.Code);
        Assert.Equal(3, relay.ChunkCount);
        Assert.Equal(chunk, await GetAsync(client, addresses[0]));
        await using var next = await relay.Relay.HelloAsync();
        await next.OkAsync(RelayOp.PutChunk, Put(TestKeys.Address(), chunk));
        Assert.Equal(4, relay.ChunkCount);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Put_ChunkStoreFull_StoreFullUntilAReleaseFreesRoom(string store)
    {
        await using var relay = new ChunkRelay(store, new() { ["Relay:Limits:MaxChunkStoreBytes"] = (2 * RelayWire.ChunkSize).ToString(System.Globalization.CultureInfo.InvariantCulture) });
        await using var client = await relay.Relay.HelloAsync();
        var (first, second, third) = (TestKeys.Address(), TestKeys.Address(), TestKeys.Address());
        await client.OkAsync(RelayOp.PutChunk, Put(first, Chunk()));
        await client.OkAsync(RelayOp.PutChunk, Put(second, Chunk()));

        var full = await client.ErrorAsync(RelayOp.PutChunk, Put(third, Chunk()));

        Assert.Equal(RelayErrorCode.StoreFull, full.Code);
        await AssertGoneAsync(client, third);

        // Messages have their own budget: a full chunk store does not stop mail.
        var (queue, _) = await TestKeys.CreateQueueAsync(client);
        await client.OkAsync(RelayOp.Send, new SendRequest(queue, 0, TestKeys.Ciphertext()).Encode());

        await client.OkAsync(RelayOp.ReleaseChunk, At(first));
        await client.OkAsync(RelayOp.PutChunk, Put(third, Chunk()));
        Assert.Equal(2, relay.ChunkCount);
    }

    [Fact]
    public async Task Release_MemoryStore_ZeroesTheChunksBytes()
    {
        await using var relay = new ChunkRelay(Memory);
        await using var client = await relay.Relay.HelloAsync();
        var address = TestKeys.Address();
        await client.OkAsync(RelayOp.PutChunk, Put(address, Chunk(), fetches: 2));
        var held = Assert.Single(((MemoryRelayStore)relay.Relay.Store).AllChunks());
        var fetched = await GetAsync(client, address);

        await client.OkAsync(RelayOp.ReleaseChunk, At(address));
        Assert.Contains(held, b => b != 0);
        await client.OkAsync(RelayOp.ReleaseChunk, At(address));

        Assert.All(held, b => Assert.Equal(0, b));
        Assert.Contains(fetched, b => b != 0);
        Assert.Empty(((MemoryRelayStore)relay.Relay.Store).AllChunks());
    }
}
