using Offline.Relay.Store;
using Offline.Relay.Tests.Hosting;

namespace Offline.Relay.Tests.Store;

/// <summary>The store's top-up step on its own, for what the socket tests cannot force: many top-ups at the same moment.</summary>
public sealed class TopUpStoreTests : IDisposable
{
    private readonly string directory = System.IO.Directory.CreateTempSubdirectory("relay-topup-store-").FullName;

    public void Dispose() => System.IO.Directory.Delete(directory, recursive: true);

    [Theory]
    [InlineData("memory")]
    [InlineData("sqlite")]
    public async Task TopUpPrekeys_EightAtOnce_NeverPassTheLimit(string kind)
    {
        await using var relay = new RelayFactory(new() { ["Relay:Store"] = kind == "sqlite" ? $"sqlite:{Path.Combine(directory, "relay.db")}" : "memory" });
        var store = relay.Store;
        var today = relay.Today;
        var fingerprint = TestKeys.Address()[..20];
        var intro = new QueueRecord(QueueAddress.From(TestKeys.Address()), TestKeys.AuthHash(TestKeys.Secret()), 30, today + 30, IsIntroduction: true);
        await store.PublishAsync(new DirectoryEntry(fingerprint, [1], [.. Ids(1, 50).Select(id => Prekey(id).Encoded)], intro), CancellationToken.None);

        // 50 held + 20 new each: two fit under 100, the other six must each see the limit.
        var attempts = Enumerable.Range(0, 8).Select(n => Task.Run(() =>
            store.TopUpPrekeysAsync(fingerprint, today, [.. Ids(1000 + (20 * (uint)n), 20).Select(Prekey)], 100, CancellationToken.None)));
        var results = await Task.WhenAll(attempts);
        var held = (await store.TopUpPrekeysAsync(fingerprint, today, [], 100, CancellationToken.None)).HeldIds;

        Assert.Equal(2, results.Count(r => r.Outcome == TopUpOutcome.ToppedUp));
        Assert.Equal(6, results.Count(r => r.Outcome == TopUpOutcome.OverLimit));
        Assert.Equal(90, held.Count);
        Assert.Equal(Ids(1, 50), held.Take(50));
        Assert.Equal(held, results.Where(r => r.Outcome == TopUpOutcome.ToppedUp).MaxBy(r => r.HeldIds.Count)!.HeldIds);
    }

    private static IEnumerable<uint> Ids(uint first, int count) => Enumerable.Range(0, count).Select(i => first + (uint)i);

    /// <summary>The store reads only the id from the encoded form; the rest need not be a real key here.</summary>
    private static StoredPrekey Prekey(uint id)
    {
        var encoded = new byte[133];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(encoded, id);
        return new StoredPrekey(id, encoded);
    }
}
