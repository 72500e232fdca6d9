using Offline.Protocol.Wire;
using Offline.Relay.Tests.Hosting;
using static Offline.Relay.Tests.Chunks.ChunkRelay;

namespace Offline.Relay.Tests.Privacy;

/// <summary>
/// Attachment chunks on the real program with the SQLite store: once every recipient has released a
/// chunk, no piece of it is left in the data folder (secure delete, no journal kept), and the
/// program's output never names a chunk address.
/// </summary>
public sealed class ChunkPrivacyTests : IDisposable
{
    private readonly string dataDirectory = System.IO.Directory.CreateTempSubdirectory("relay-chunk-privacy-").FullName;

    public void Dispose() => System.IO.Directory.Delete(dataDirectory, recursive: true);

    [Fact]
    public async Task PutGetRelease_SqliteStore_NoTraceOfReleasedChunksInFilesNoAddressInOutput()
    {
        var released = Enumerable.Range(0, 3).Select(i => (Address: TestKeys.Address(), Bytes: Chunk(), Fetches: i + 1)).ToList();
        var (keptAddress, kept) = (TestKeys.Address(), Chunk());
        string output;
        await using (var relay = await RelayProcess.StartAsync(["--store", $"sqlite:{Path.Combine(dataDirectory, "relay.db")}"]))
        {
            await using var sender = await RelayClient.ConnectAsync(relay.SocketUri);
            await using var recipient = await RelayClient.ConnectPacedAsync(relay.SocketUri, 1024);
            await sender.HelloAsync();
            await recipient.HelloAsync();
            foreach (var (address, bytes, fetches) in released)
            {
                await sender.OkAsync(RelayOp.PutChunk, Put(address, bytes, fetches));
            }

            await sender.OkAsync(RelayOp.PutChunk, Put(keptAddress, kept));
            // A chunk spans SQLite overflow pages, so the scans look for 32-byte pieces, not whole chunks.
            Assert.Contains(ByteScan.Files(dataDirectory), f => ByteScan.Contains(f.Bytes, released[2].Bytes.AsSpan(0, 32)));

            // Every recipient fetches and releases; a chunk for three is rewritten twice before it goes.
            foreach (var (address, bytes, fetches) in released)
            {
                for (var i = 0; i < fetches; i++)
                {
                    Assert.Equal(bytes, await GetAsync(recipient, address));
                    await sender.OkAsync(RelayOp.ReleaseChunk, At(address));
                }

                await AssertGoneAsync(recipient, address);
            }

            AssertNoTrace(released.Select(r => r.Bytes), kept);
            await relay.StopAsync();
            output = relay.Output;
        }

        AssertNoTrace(released.Select(r => r.Bytes), kept);
        Assert.Contains("listening on", output, StringComparison.Ordinal);
        foreach (var address in released.Select(r => r.Address).Append(keptAddress))
        {
            foreach (var form in new[] { Convert.ToHexString(address), Convert.ToBase64String(address).TrimEnd('='), Convert.ToBase64String(address).TrimEnd('=').Replace('+', '-').Replace('/', '_') })
            {
                Assert.DoesNotContain(form, output, StringComparison.OrdinalIgnoreCase);
            }
        }
    }

    /// <summary>No 32-byte piece of a released chunk in any file (the database, a journal, a -wal), while the kept one is there.</summary>
    private void AssertNoTrace(IEnumerable<byte[]> releasedChunks, byte[] kept)
    {
        var files = ByteScan.Files(dataDirectory).ToList();
        Assert.DoesNotContain(files, f => f.Path.EndsWith("-wal", StringComparison.Ordinal) || f.Path.EndsWith("-journal", StringComparison.Ordinal));
        Assert.Contains(files, f => ByteScan.Contains(f.Bytes, kept.AsSpan(0, 32)));
        foreach (var chunk in releasedChunks)
        {
            for (var offset = 0; offset + 32 <= chunk.Length; offset += 32)
            {
                var piece = chunk.AsMemory(offset, 32);
                Assert.DoesNotContain(files, f => ByteScan.Contains(f.Bytes, piece.Span));
            }
        }
    }
}
