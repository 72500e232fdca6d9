using System.Diagnostics;
using Offline.Client.Home;
using Offline.Client.Sync;

namespace Offline.Observer;

/// <summary>One bench client: its home, its fixed partner, and the bench's own seeded randomness.</summary>
internal sealed class BenchPeer(int index, ClientHome home, string directory)
{
    public int Index { get; } = index;

    public ClientHome Home { get; } = home;

    public string Directory { get; } = directory;

    public int Partner => Index ^ 1;

    public string PartnerId { get; set; } = "";
}

/// <summary>A stretch of a pair's ground truth: from Start to End (seconds after measuring began) the pair is chatting or idle.</summary>
internal readonly record struct Period(double Start, double End, bool Chatting);

/// <summary>One real message the bench sent (ground truth, never shown to the observer).</summary>
internal readonly record struct SentMessage(int Sender, int Recipient, double At, int Length, string Kind);

/// <summary>
/// Homes and pairs, made once and used by both runs: clients 2p and 2p+1 are contacts who have
/// already exchanged a first message each way (so later traffic is conversation-queue traffic).
/// </summary>
internal sealed class ObserverWorld : IDisposable
{
    private ObserverWorld(List<BenchPeer> peers) => Peers = peers;

    public List<BenchPeer> Peers { get; }

    public static async Task<ObserverWorld> CreateAsync(string relay, int clients, int stampBits, CancellationToken cancellationToken)
    {
        var peers = new List<BenchPeer>();
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < clients; i++)
        {
            var dir = Path.Combine(Path.GetTempPath(), "offline-observer-" + Guid.NewGuid().ToString("N"));
            peers.Add(new BenchPeer(i, ClientHome.Create(dir, "observer bench passphrase", TimeProvider.System), dir));
        }

        Console.Error.WriteLine($"observer: {clients} homes in {clock.Elapsed.TotalSeconds:F1} s");
        var world = new ObserverWorld(peers);
        try
        {
            for (var p = 0; p + 1 < clients; p += 2)
            {
                await IntroduceAsync(peers[p], peers[p + 1], relay, stampBits, cancellationToken);
            }
        }
        catch
        {
            world.Dispose();
            throw;
        }

        Console.Error.WriteLine($"observer: {clients / 2} pairs introduced in {clock.Elapsed.TotalSeconds:F1} s");
        return world;
    }

    public void Dispose()
    {
        foreach (var peer in Peers)
        {
            peer.Home.Dispose();
            try
            {
                System.IO.Directory.Delete(peer.Directory, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    /// <summary>
    /// Alternating idle and chatting periods for each pair over [0, seconds): lengths uniform in
    /// [minPeriod, maxPeriod], first state a coin flip, all from the pair's seed.
    /// </summary>
    public static List<Period> Schedule(Random random, double seconds, double minPeriod, double maxPeriod)
    {
        var periods = new List<Period>();
        var chatting = random.Next(2) == 0;
        for (double t = 0; t < seconds;)
        {
            var length = minPeriod + (random.NextDouble() * (maxPeriod - minPeriod));
            periods.Add(new Period(t, Math.Min(seconds, t + length), chatting));
            t += length;
            chatting = !chatting;
        }

        return periods;
    }

    private static async Task IntroduceAsync(BenchPeer a, BenchPeer b, string relay, int stampBits, CancellationToken cancellationToken)
    {
        await using var sa = await RelaySession.ConnectAsync(a.Home, relay, stampBits, cancellationToken);
        await using var sb = await RelaySession.ConnectAsync(b.Home, relay, stampBits, cancellationToken);
        var bundle = await sa.FetchBundleAsync(b.Home.Messenger.Id, cancellationToken);
        var (contact, _, _) = a.Home.Messenger.AddContact("peer", b.Home.Messenger.Id, bundle);
        a.Home.Messenger.SendText(contact, "hello");
        Require(await sa.FlushAsync(cancellationToken));
        await sa.SubscribeAllAsync(cancellationToken);

        await sb.SubscribeAllAsync(cancellationToken);
        var fromA = (await sb.DrainAsync(null, cancellationToken)).FirstOrDefault(r => r.Contact is not null && r.Error == Offline.Protocol.ProtocolError.None)
            ?? throw new InvalidOperationException("the first message did not arrive");
        b.Home.Messenger.SendText(fromA.Contact!, "hi");
        Require(await sb.FlushAsync(cancellationToken));
        await sa.DrainAsync(null, cancellationToken);
        a.PartnerId = b.Home.Messenger.Id.Text;
        b.PartnerId = a.Home.Messenger.Id.Text;
    }

    private static void Require(IReadOnlyList<Offline.Client.Outbox.SendOutcome> outcomes)
    {
        if (outcomes.FirstOrDefault(o => !o.Sent) is { } failed)
        {
            throw new InvalidOperationException($"setup send failed: {failed.Error?.Message}");
        }
    }
}
