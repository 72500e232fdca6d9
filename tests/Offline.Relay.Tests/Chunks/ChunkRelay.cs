using System.Security.Cryptography;
using Offline.Protocol.Wire;
using Offline.Relay.Store;
using Offline.Relay.Tests.Hosting;

namespace Offline.Relay.Tests.Chunks;

/// <summary>
/// A real relay with the memory or the SQLite store (in a folder of its own, removed on dispose), so
/// each chunk test runs against both; and the chunk requests the tests send.
/// </summary>
internal sealed class ChunkRelay : IAsyncDisposable
{
    public const string Memory = "memory";
    public const string Sqlite = "sqlite";

    private readonly string directory = System.IO.Directory.CreateTempSubdirectory("relay-chunks-").FullName;

    public ChunkRelay(string store, Dictionary<string, string?>? settings = null)
    {
        var all = new Dictionary<string, string?>(settings ?? []);
        if (store == Sqlite)
        {
            all["Relay:Store"] = $"sqlite:{Path.Combine(directory, "relay.db")}";
        }

        Relay = new RelayFactory(all);
    }

    public RelayFactory Relay { get; }

    /// <summary>The SQLite store's folder (empty for the memory store).</summary>
    public string Directory => directory;

    public long ChunkCount => Relay.Store switch
    {
        MemoryRelayStore memory => memory.ChunkCount,
        SqliteRelayStore sqlite => sqlite.ChunkCount,
        _ => throw new InvalidOperationException("unknown store"),
    };

    public static byte[] Chunk() => RandomNumberGenerator.GetBytes(RelayWire.ChunkSize);

    public static byte[] Put(byte[] address, byte[] chunk, int fetches = 1) => new PutChunkRequest(address, (byte)fetches, chunk).Encode();

    public static byte[] At(byte[] address) => new ChunkAddressRequest(address).Encode();

    /// <summary>GetChunk, asserting a Chunk answer, and its bytes.</summary>
    public static async Task<byte[]> GetAsync(RelayClient client, byte[] address)
    {
        var answer = await client.RequestAsync(RelayOp.GetChunk, At(address));
        Assert.True(answer.Op == RelayOp.Chunk, $"GetChunk answered {answer.Op}");
        return answer.Body.ToArray();
    }

    public static async Task AssertGoneAsync(RelayClient client, byte[] address) =>
        Assert.Equal(RelayErrorCode.ChunkNotFound, (await client.ErrorAsync(RelayOp.GetChunk, At(address))).Code);

    public async ValueTask DisposeAsync()
    {
        await Relay.DisposeAsync();
        System.IO.Directory.Delete(directory, recursive: true);
    }
}
