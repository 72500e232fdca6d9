using System.Diagnostics;
using Offline.Client.Contacts;
using Offline.Client.Messaging;
using Offline.Client.Sync;
using Offline.Client.Traffic;
using Offline.Protocol.Content;

namespace Offline.Observer;

/// <summary>The bench's knobs; the same for both runs.</summary>
internal sealed record ObserverOptions
{
    public int Clients { get; init; } = 24;

    public double Seconds { get; init; } = 150;

    public int SlotMs { get; init; } = 250;

    public int Seed { get; init; } = 1;

    public int StampBits { get; init; } = 8;

    public double WindowSeconds { get; init; } = 3;

    /// <summary>An idle window must start this long after the chat before it ended (the tail of the last message, its receipt).</summary>
    public double GuardSeconds { get; init; } = 3;

    public double MinPeriodSeconds { get; init; } = 10;

    public double MaxPeriodSeconds { get; init; } = 30;

    /// <summary>Mean of the exponential gap between one person's messages while chatting.</summary>
    public double MeanGapSeconds { get; init; } = 3;

    public double WarmupSeconds { get; init; } = 4;

    public double BinSeconds { get; init; } = 0.1;

    public double MaxLagSeconds { get; init; } = 2;
}

/// <summary>Everything one run left: what the observer saw, and the ground truth it is scored against.</summary>
internal sealed record RunRecord(
    string Profile,
    int SlotMs,
    TimeSpan Origin,
    List<WireFrame>[] Frames,
    List<Period>[] Schedules,
    List<SentMessage> Sent,
    int Connections,
    int Problems,
    double WallSeconds,
    double GateWaitP50,
    double GateWaitMax);

/// <summary>One run: every client online through its own recording proxy, pairs chatting on their schedules.</summary>
internal static class ObserverRun
{
    public static async Task<RunRecord> RunAsync(ObserverWorld world, int relayPort, TrafficProfile profile, ObserverOptions options, CancellationToken cancellationToken)
    {
        var wall = Stopwatch.StartNew();
        var peers = world.Peers;
        var clock = Stopwatch.StartNew();
        var recorders = peers.Select(_ => new WireRecorder(relayPort, clock)).ToArray();
        var connected = new CountdownEvent(peers.Count);
        var connectedOnce = new int[peers.Count];
        var problems = 0;
        var links = peers.Select((p, i) => new LiveConnection(p.Home, new LiveOptions
        {
            Relay = recorders[i].RelayUrl,
            Profile = profile,
            StampBits = options.StampBits,
            RotationPeriod = TimeSpan.FromHours(1),
            OnConnected = () =>
            {
                if (Interlocked.Exchange(ref connectedOnce[i], 1) == 0)
                {
                    connected.Signal();
                }
            },
            OnProblem = problem =>
            {
                Interlocked.Increment(ref problems);
                Console.Error.WriteLine($"observer: client {i}: {problem}");
            },
        })).ToArray();

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var receiptRandom = new Random(options.Seed * 31 + 7);
        var sent = new List<SentMessage>();
        var origin = TimeSpan.Zero;
        var background = new List<Task>();
        var gateWaits = new List<double>();

        async Task SendAsync(int i, Action<Contact> compose)
        {
            var link = links[i];
            var waiting = Stopwatch.GetTimestamp();
            await link.Gate.WaitAsync(stop.Token);
            var waited = Stopwatch.GetElapsedTime(waiting).TotalSeconds;
            lock (gateWaits)
            {
                gateWaits.Add(waited);
            }

            try
            {
                compose(peers[i].Home.Messenger.Contacts.FindById(peers[i].PartnerId)!);
            }
            finally
            {
                link.Gate.Release();
            }

            link.OutboxChanged();
        }

        Task OnEachAsync(int i, InboundResult result)
        {
            if (result.Content is { Kind: ContentKind.Text } content && result.Contact?.Id == peers[i].PartnerId)
            {
                double delay;
                lock (receiptRandom)
                {
                    delay = receiptRandom.NextDouble() < 0.6 ? 0.5 + (1.5 * receiptRandom.NextDouble()) : -1;
                }

                if (delay > 0)
                {
                    var id = Convert.ToHexStringLower(content.MessageId);
                    var task = Task.Run(async () =>
                    {
                        await Task.Delay(TimeSpan.FromSeconds(delay), stop.Token);
                        await SendAsync(i, c => peers[i].Home.Messenger.SendReadReceipt(c, [id]));
                    }, CancellationToken.None);
                    lock (background)
                    {
                        background.Add(task);
                    }
                }
            }

            return Task.CompletedTask;
        }

        var running = links.Select((l, i) => Task.Run(() => l.RunAsync((_, r) => OnEachAsync(i, r), stop.Token), CancellationToken.None)).ToArray();
        if (!connected.Wait(TimeSpan.FromSeconds(90), cancellationToken))
        {
            throw new TimeoutException($"only {peers.Count - connected.CurrentCount} of {peers.Count} clients connected");
        }

        Console.Error.WriteLine($"observer [{profile.Name}]: {peers.Count} clients online after {clock.Elapsed.TotalSeconds:F1} s; warming up {options.WarmupSeconds} s");
        await Task.Delay(TimeSpan.FromSeconds(options.WarmupSeconds), cancellationToken);
        origin = clock.Elapsed;

        var schedules = new List<Period>[peers.Count];
        for (var p = 0; p < peers.Count; p += 2)
        {
            // Pairs come in couples in antiphase (pair 2q+1 chats exactly when pair 2q is idle), so at
            // every moment about half the pairs chat: a change in machine load over time (other work
            // on the host) then touches both classes alike instead of passing for a signal.
            var schedule = (p / 2) % 2 == 1
                ? [.. schedules[p - 2].Select(period => period with { Chatting = !period.Chatting })]
                : ObserverWorld.Schedule(new Random((options.Seed * 1000) + p), options.Seconds, options.MinPeriodSeconds, options.MaxPeriodSeconds);
            schedules[p] = schedule;
            if (p + 1 < peers.Count)
            {
                schedules[p + 1] = schedule;
            }
        }

        async Task DelayUntil(double at)
        {
            var wait = origin + TimeSpan.FromSeconds(at) - clock.Elapsed;
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, stop.Token);
            }
        }

        async Task ChatAsync(int i)
        {
            if ((i ^ 1) >= peers.Count)
            {
                return; // An odd client out has no partner; it stays idle (and contributes idle windows only).
            }

            var random = new Random((options.Seed * 7919) + i);
            foreach (var period in schedules[i].Where(p => p.Chatting))
            {
                var t = period.Start;
                while (true)
                {
                    t += -options.MeanGapSeconds * Math.Log(1 - random.NextDouble());
                    if (t >= period.End)
                    {
                        break;
                    }

                    var roll = random.NextDouble();
                    var (kind, length) = roll < 0.7 ? ("short", random.Next(5, 200))
                        : roll < 0.9 ? ("4k", random.Next(1200, 2800))
                        : ("16k", random.Next(6000, 12000));
                    var text = RandomText(random, length);
                    if (random.NextDouble() < 0.3 && t - 1 > period.Start)
                    {
                        await DelayUntil(t - 1);
                        await SendAsync(i, c => peers[i].Home.Messenger.SendTyping(c, true));
                    }

                    await DelayUntil(t);
                    var at = (clock.Elapsed - origin).TotalSeconds;
                    await SendAsync(i, c => peers[i].Home.Messenger.SendText(c, text));
                    lock (sent)
                    {
                        sent.Add(new SentMessage(i, i ^ 1, at, length, kind));
                    }
                }
            }
        }

        var chats = Enumerable.Range(0, peers.Count).Select(i => Task.Run(() => ChatAsync(i), CancellationToken.None)).ToArray();
        var progress = Task.Run(async () =>
        {
            for (var s = 30; s < options.Seconds; s += 30)
            {
                await DelayUntil(s);
                int count;
                lock (sent)
                {
                    count = sent.Count;
                }

                Console.Error.WriteLine($"observer [{profile.Name}]: {s} s of {options.Seconds}, {count} messages sent");
            }
        }, CancellationToken.None);
        await DelayUntil(options.Seconds + options.MaxLagSeconds + 0.5);
        await stop.CancelAsync();
        await Task.WhenAll(chats).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await progress.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        Task[] pending;
        lock (background)
        {
            pending = [.. background];
        }

        await Task.WhenAll(pending).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await Task.WhenAll(running).WaitAsync(TimeSpan.FromSeconds(20), CancellationToken.None).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        foreach (var task in running.Where(t => t.IsFaulted))
        {
            Console.Error.WriteLine($"observer [{profile.Name}]: a client stopped with {task.Exception!.InnerException!.GetType().Name}: {task.Exception.InnerException.Message}");
            problems++;
        }

        var frames = recorders.Select(r => r.Connections.SelectMany(c => c.DataFrames).OrderBy(f => f.At).ToList()).ToArray();
        var connections = recorders.Sum(r => r.Connections.Count);
        foreach (var recorder in recorders)
        {
            await recorder.DisposeAsync();
        }

        List<SentMessage> truth;
        lock (sent)
        {
            truth = [.. sent.Where(m => m.At < options.Seconds)];
        }

        double[] waits;
        lock (gateWaits)
        {
            waits = [.. gateWaits.Order()];
        }

        return new RunRecord(
            profile.Name, profile.Paced ? (int)profile.SlotPeriod.TotalMilliseconds : 0, origin, frames, schedules, truth, connections, problems, wall.Elapsed.TotalSeconds,
            waits.Length == 0 ? 0 : waits[waits.Length / 2], waits.Length == 0 ? 0 : waits[^1]);
    }

    private static string RandomText(Random random, int length)
    {
        var chars = new char[length];
        for (var i = 0; i < length; i++)
        {
            chars[i] = random.Next(6) == 0 ? ' ' : (char)('a' + random.Next(26));
        }

        return new string(chars);
    }
}
