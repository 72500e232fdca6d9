using Offline.Client.Account;
using Offline.Client.Home;
using Offline.Client.Storage;
using Offline.Client.Sync;
using Offline.EndToEnd.Tests.Infrastructure;
using Offline.Protocol;
using Offline.Protocol.Primitives;

namespace Offline.Client.Tests.Sync;

/// <summary>
/// One-time prekeys stay stocked (docs/PROTOCOL.md §3): the client learns from the relay which were handed
/// out, keeps their private keys for the first message that may follow, tops the relay up with
/// new ids when it runs low, and never lets a prekey be handed out twice.
/// </summary>
public sealed class PrekeyStockTests
{
    private const uint Today = 20_000;

    [Fact]
    public void Reconcile_RelayRunsLow_NewIdsFrom51_HandedOutKeptUntilUsedAndSurviveRestart()
    {
        using var home = new TempHome();
        var store = EncryptedStore.Create(home.Path, "pass");
        var account = LocalAccount.Create(store, SystemRandom.Instance);
        try
        {
            Assert.True(account.OneTimePrekeysDue(Today));
            Assert.Empty(account.ReconcileOneTimePrekeys(Ids(1, 50), Today));
            Assert.False(account.OneTimePrekeysDue(Today));
            Assert.True(account.OneTimePrekeysDue(Today + 1));

            // 35 handed out: 15 left on the relay, under the low-water mark of 20, so 35 new ones (51–85).
            var fresh = account.ReconcileOneTimePrekeys(Ids(36, 50), Today);
            Assert.Equal(Ids(51, 85), fresh.Select(p => p.Id));
            Assert.Equal(Ids(1, 85), account.Prekeys.OneTimePrekeyIds);
            Assert.Equal(Ids(1, 35), account.Stock.HandedOut.Keys.Order());
            Assert.All(account.Stock.HandedOut.Values, day => Assert.Equal(Today, day));

            // A restart keeps the new private keys, the handed-out days and the next id.
            account.Dispose();
            store.Dispose();
            store = EncryptedStore.Open(home.Path, "pass");
            account = LocalAccount.Load(store);
            Assert.Equal(Ids(1, 85), account.Prekeys.OneTimePrekeyIds);
            Assert.Equal(86u, account.Stock.NextId);
            Assert.Equal(35, account.Stock.HandedOut.Count);

            // A handshake that used one makes the check due again the same day.
            Assert.False(account.OneTimePrekeysDue(Today));
            account.Prekeys.RemoveOneTimePrekey(3);
            Assert.True(account.OneTimePrekeysDue(Today));

            // A first message may come long after the fetch: a handed-out prekey is kept until used, however late.
            Assert.Empty(account.ReconcileOneTimePrekeys(Ids(36, 85), Today + 365));
            Assert.Equal(Ids(1, 85).Where(id => id != 3), account.Prekeys.OneTimePrekeyIds);
            Assert.Equal(34, account.Stock.HandedOut.Count);
        }
        finally
        {
            account.Dispose();
            store.Dispose();
        }
    }

    [Fact]
    public void Reconcile_DrainedEveryDay_KeepsAtMost400_LongestHandedOutFirstAndIdsNeverRepeat()
    {
        using var home = new TempHome();
        using var store = EncryptedStore.Create(home.Path, "pass");
        using var account = LocalAccount.Create(store, SystemRandom.Instance);
        var issued = new HashSet<uint>(Ids(1, 50));
        for (var day = 0u; day < 12; day++)
        {
            // Someone fetches everything the relay holds, every day.
            var fresh = account.ReconcileOneTimePrekeys([], Today + day);
            Assert.Equal(PrekeyStock.Target, fresh.Count);
            Assert.All(fresh, p => Assert.True(issued.Add(p.Id), $"id {p.Id} issued twice"));
            Assert.InRange(account.Prekeys.OneTimePrekeyIds.Count, 0, PrekeyStock.MaxHeld);
        }

        // 50 + 12 × 50 drawn; 400 kept: the newest 400.
        var held = account.Prekeys.OneTimePrekeyIds;
        Assert.Equal(PrekeyStock.MaxHeld, held.Count);
        Assert.Equal(Ids(651 - PrekeyStock.MaxHeld, 650), held);
    }

    [Fact]
    public void Reconcile_RelayHoldsEnough_DrawsNothing()
    {
        using var home = new TempHome();
        using var store = EncryptedStore.Create(home.Path, "pass");
        using var account = LocalAccount.Create(store, SystemRandom.Instance);
        Assert.Empty(account.ReconcileOneTimePrekeys(Ids(31, 50), Today));
        Assert.Equal(51u, account.Stock.NextId);
        Assert.Equal(30, account.Stock.HandedOut.Count);
    }

    [Fact]
    public async Task RealRelay_DrainedThenNextDay_ToppedUp_NewPrekeyOpensAFirstMessage()
    {
        using var relay = await RelayProcess.StartAsync();
        var clock = new DayClock();
        using var homes = new TwoHomes(clock);
        var (bob, alice) = (homes.Bob, homes.Alice);

        await (await RelaySession.ConnectAsync(bob, relay.Url, 8, CancellationToken.None)).DisposeAsync();
        await using var fetcher = await RelaySession.ConnectAsync(alice, relay.Url, 8, CancellationToken.None);
        var seen = await FetchOneTimeIdsAsync(fetcher, bob, 35);

        Assert.Equal(Ids(1, 35), seen);

        // The same day nothing is due; the next day Bob's connection sees 15 left and tops up to 50.
        await (await RelaySession.ConnectAsync(bob, relay.Url, 8, CancellationToken.None)).DisposeAsync();
        Assert.Equal(51u, bob.Account.Stock.NextId);
        clock.Advance(TimeSpan.FromDays(1));
        await (await RelaySession.ConnectAsync(bob, relay.Url, 8, CancellationToken.None)).DisposeAsync();
        Assert.Equal(86u, bob.Account.Stock.NextId);

        seen.AddRange(await FetchOneTimeIdsAsync(fetcher, bob, 16));

        Assert.Equal(Ids(1, 51), seen);

        // Alice starts a session on prekey 51; Bob opens her first message, and prekey 51 is used up.
        var bundle = await fetcher.FetchBundleAsync(bob.Account.Id, CancellationToken.None);
        Assert.Equal(52u, bundle.OneTimePrekeys.Single().Id);
        var (contact, _, _) = alice.Messenger.AddContact("bob", bob.Account.Id, bundle);
        var (_, envelope) = alice.Messenger.SendText(contact, "first message on a topped-up prekey");
        var received = bob.Messenger.Receive(envelope.Address, envelope.Ciphertext);
        Assert.Equal(ProtocolError.None, received.Error);
        Assert.Equal("first message on a topped-up prekey", received.Content!.Body);
        Assert.DoesNotContain(52u, bob.Account.Prekeys.OneTimePrekeyIds);
    }

    [Fact]
    public async Task RealRelay_LosesEverything_RepublishCarriesNoOldPrekey_AndTopsUpWithNewIds()
    {
        using var relay = await RelayProcess.StartAsync();
        using var homes = new TwoHomes(TimeProvider.System);
        var (bob, alice) = (homes.Bob, homes.Alice);
        await (await RelaySession.ConnectAsync(bob, relay.Url, 8, CancellationToken.None)).DisposeAsync();
        List<uint> seen;
        await using (var fetcher = await RelaySession.ConnectAsync(alice, relay.Url, 8, CancellationToken.None))
        {
            seen = await FetchOneTimeIdsAsync(fetcher, bob, 5);
        }

        // The relay restarts on its memory store: Bob's entry and introduction mailbox are gone.
        relay.Stop();
        await relay.StartAgainAsync();
        await using (var session = await RelaySession.ConnectAsync(bob, relay.Url, 8, CancellationToken.None))
        {
            await session.SubscribeAllAsync(CancellationToken.None);
        }

        // Prekeys 6–50 were never handed out, but Bob cannot know that: none of 1–50 is offered again.
        await using (var fetcher = await RelaySession.ConnectAsync(alice, relay.Url, 8, CancellationToken.None))
        {
            seen.AddRange(await FetchOneTimeIdsAsync(fetcher, bob, PrekeyStock.Target));
            Assert.Empty((await fetcher.FetchBundleAsync(bob.Account.Id, CancellationToken.None)).OneTimePrekeys);
        }

        Assert.Equal(Ids(1, 5).Concat(Ids(51, 100)), seen);
    }

    [Fact]
    public async Task RealRelay_FirstPublishSentButUnanswered_NextPublishOffersNoneOfTheFirstPrekeys()
    {
        using var relay = await RelayProcess.StartAsync();
        using var homes = new TwoHomes(TimeProvider.System);
        var (bob, alice) = (homes.Bob, homes.Alice);

        // As if the first publish went out and the connection died before its answer: the relay may have
        // handed some of prekeys 1–50 out since, so they are never offered again.
        bob.FirstPublishSent = true;
        Assert.False(bob.Published);
        await (await RelaySession.ConnectAsync(bob, relay.Url, 8, CancellationToken.None)).DisposeAsync();
        Assert.True(bob.Published);

        await using var fetcher = await RelaySession.ConnectAsync(alice, relay.Url, 8, CancellationToken.None);
        var first = await fetcher.FetchBundleAsync(bob.Account.Id, CancellationToken.None);
        Assert.Equal(51u, first.OneTimePrekeys.Single().Id);
    }

    /// <summary>Fetches <paramref name="owner"/>'s bundle <paramref name="count"/> times; the one-time prekey id each carried.</summary>
    private static async Task<List<uint>> FetchOneTimeIdsAsync(RelaySession fetcher, ClientHome owner, int count)
    {
        var ids = new List<uint>();
        for (var i = 0; i < count; i++)
        {
            ids.Add((await fetcher.FetchBundleAsync(owner.Account.Id, CancellationToken.None)).OneTimePrekeys.Single().Id);
        }

        return ids;
    }

    private static List<uint> Ids(uint first, uint last) => [.. Enumerable.Range((int)first, (int)(last - first + 1)).Select(i => (uint)i)];

    /// <summary>Bob, whose prekeys are watched, and Alice, who fetches them: two homes in temporary directories.</summary>
    private sealed class TwoHomes : IDisposable
    {
        private readonly TempHome bobDirectory = new();
        private readonly TempHome aliceDirectory = new();

        public TwoHomes(TimeProvider clock)
        {
            Bob = ClientHome.Create(bobDirectory.Path, "pass", clock);
            Alice = ClientHome.Create(aliceDirectory.Path, "pass", clock);
        }

        public ClientHome Bob { get; }

        public ClientHome Alice { get; }

        public void Dispose()
        {
            Bob.Dispose();
            Alice.Dispose();
            bobDirectory.Dispose();
            aliceDirectory.Dispose();
        }
    }

    /// <summary>The system clock, moved forward by whole days when a test says so.</summary>
    private sealed class DayClock : TimeProvider
    {
        private TimeSpan offset;

        public void Advance(TimeSpan by) => offset += by;

        public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + offset;
    }
}
