using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Offline.Bench;
using Offline.Bench.Media;
using Offline.Client.Attachments;
using Offline.Client.Traffic;
using Offline.Protocol.Attachments;

namespace Offline.Observer;

/// <summary>
/// `bench/run observer --media [--clients N] [--seconds S] [--item-bytes B] [--seed N] [--profiles a,b]`: the observer's
/// media workload (docs/TRAFFIC.md, "Attachments"). For each profile at its real slots, N engine clients
/// online (LiveConnection, cover, each behind its own recording proxy, which also sees its bulk
/// connections) alternate idle periods and media periods (each 10–30 s, seeded); in a media period a
/// client uploads an item and downloads it again, back to back, until the period is over (the period
/// lasts until its last transfer ends). The observer sees only every connection's frame sizes and
/// times — a bulk connection's frames included — and the same 3 s windows, features and classifiers
/// as the text workload score idle windows against windows in which media moves. All profiles run at
/// once on one relay. One JSON line on stdout.
/// </summary>
internal static class ObserverMedia
{
    public static async Task<int> RunAsync(string[] args, Func<string, int, int> option)
    {
        var clients = option("--clients", 6);
        var itemBytes = option("--item-bytes", 30_000);
        var options = new ObserverOptions { Clients = clients, Seconds = option("--seconds", 150), Seed = option("--seed", 1) };
        var total = Stopwatch.StartNew();
        await using var relay = await BenchRelayProcess.StartAsync(BenchRelayProcess.StampDifficulty(options.StampBits));
        var named = Array.IndexOf(args, "--profiles") is var at and >= 0 && at + 1 < args.Length ? args[at + 1] : null;
        var profiles = named is null ? TrafficProfile.All : [.. named.Split(',').Select(n => TrafficProfile.Find(n) ?? throw new ArgumentException($"unknown profile {n}"))];
        using var world = await ObserverWorld.CreateAsync(relay.Url, clients * profiles.Count, options.StampBits, CancellationToken.None);
        Console.Error.WriteLine($"observer media: relay on {relay.Url}; {clients} clients per profile, {options.Seconds} s, {itemBytes}-byte items");
        var runs = await Task.WhenAll(profiles.Select((p, k) => RunProfileAsync(world.Peers.Skip(k * clients).Take(clients).ToList(), relay.Port, p, itemBytes, options)));
        var result = new Dictionary<string, object?>
        {
            ["benchmark"] = "observer-media",
            ["auc"] = runs.ToDictionary(r => r.Findings.Profile, r => Round(r.Findings.Auc)),
            ["profiles"] = runs.Select(r => new Dictionary<string, object?>
            {
                ["profile"] = r.Findings.Profile,
                ["auc_logistic"] = Round(r.Findings.AucLogistic),
                ["auc_knn"] = Round(r.Findings.AucNearestNeighbours),
                ["auc_se"] = Round(r.Findings.AucStandardError),
                ["windows_idle"] = r.Findings.WindowsIdle,
                ["windows_media"] = r.Findings.WindowsChatting,
                ["transfers"] = r.Transfers,
                ["failed_transfers"] = r.Failures,
                ["connections"] = r.Findings.Connections,
                ["histogram_up"] = r.Findings.HistogramUp.ToDictionary(p => p.Key.ToString(CultureInfo.InvariantCulture), p => p.Value),
                ["histogram_down"] = r.Findings.HistogramDown.ToDictionary(p => p.Key.ToString(CultureInfo.InvariantCulture), p => p.Value),
                ["bytes_per_s_idle"] = Math.Round(r.Findings.BytesPerSecondIdle, 1),
                ["bytes_per_s_media"] = Math.Round(r.Findings.BytesPerSecondChatting, 1),
                ["logistic_top_weights"] = r.Findings.TopWeights,
                ["main_round_trip_ms_idle_p10_p50_p90"] = r.RttIdle,
                ["main_round_trip_ms_media_p10_p50_p90"] = r.RttMedia,
            }).ToList(),
            ["parameters"] = new Dictionary<string, object>
            {
                ["clients_per_profile"] = clients,
                ["seconds"] = options.Seconds,
                ["item_bytes"] = itemBytes,
                ["seed"] = options.Seed,
                ["slots"] = "real: strict 500 ms, standard 1 s, light 5 s, bulk 250 ms",
                ["window_s"] = options.WindowSeconds,
                ["guard_s"] = options.GuardSeconds,
                ["period_s"] = $"{options.MinPeriodSeconds}-{options.MaxPeriodSeconds}",
            },
            ["runtime_s"] = Math.Round(total.Elapsed.TotalSeconds, 1),
        };
        Console.WriteLine(JsonSerializer.Serialize(result));
        return runs.All(r => r.Failures == 0) ? 0 : 1;
    }

    private static async Task<(RunFindings Findings, int Transfers, int Failures, double[] RttIdle, double[] RttMedia)> RunProfileAsync(List<BenchPeer> peers, int relayPort, TrafficProfile profile, int itemBytes, ObserverOptions options)
    {
        var clock = Stopwatch.StartNew();
        var wall = Stopwatch.StartNew();
        var online = await Task.WhenAll(peers.Select(p => MediaClient.StartAsync(p, relayPort, profile, clock)));
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(options.WarmupSeconds));
            var origin = clock.Elapsed;
            var transfers = 0;
            var releases = new List<Task>();
            var failures = 0;
            async Task<List<Period>> ClientAsync(int i)
            {
                var random = new Random((options.Seed * 7919) + (peers[i].Index * 31));
                var periods = new List<Period>();
                var media = random.Next(2) == 0;
                double Now() => (clock.Elapsed - origin).TotalSeconds;
                while (Now() < options.Seconds)
                {
                    var start = Now();
                    var length = options.MinPeriodSeconds + (random.NextDouble() * (options.MaxPeriodSeconds - options.MinPeriodSeconds));
                    if (!media)
                    {
                        await Task.Delay(TimeSpan.FromSeconds(Math.Min(length, options.Seconds - start)));
                    }
                    else
                    {
                        do
                        {
                            // At most one transfer every 2 s: off's classic frames move an item in tens of
                            // milliseconds, and a user does not send photos faster than that.
                            var began = Now();
                            Interlocked.Increment(ref transfers);
                            if (!await MoveOneAsync(online[i], itemBytes, releases))
                            {
                                Interlocked.Increment(ref failures);
                            }

                            var rest = Math.Min(began + 2, start + length) - Now();
                            if (rest > 0)
                            {
                                await Task.Delay(TimeSpan.FromSeconds(rest));
                            }
                        }
                        while (Now() < start + length && Now() < options.Seconds);
                    }

                    periods.Add(new Period(start, Math.Min(Now(), options.Seconds), media));
                    media = !media;
                }

                return periods;
            }

            var schedules = await Task.WhenAll(Enumerable.Range(0, peers.Count).Select(i => Task.Run(() => ClientAsync(i))));
            Task[] released;
            lock (releases)
            {
                released = [.. releases];
            }

            await Task.WhenAll(released).WaitAsync(TimeSpan.FromSeconds(60)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            var frames = online.Select(c => c.Recorder.Connections.SelectMany(x => x.DataFrames).OrderBy(f => f.At).ToList()).ToArray();
            var record = new RunRecord(profile.Name, profile.Paced ? (int)profile.SlotPeriod.TotalMilliseconds : 0, origin, frames, schedules, [], online.Sum(c => c.Recorder.Connections.Count), failures, wall.Elapsed.TotalSeconds, 0, 0);
            var findings = ObserverAnalysis.Analyse(record, options with { Clients = peers.Count });
            var (rttIdle, rttMedia) = RoundTrips(online, origin, schedules);
            Console.Error.WriteLine($"observer media [{profile.Name}]: {findings.WindowsIdle} idle / {findings.WindowsChatting} media windows; AUC logistic {findings.AucLogistic:F3}, kNN {findings.AucNearestNeighbours:F3} (SE {findings.AucStandardError:F3}); {transfers} transfers, {failures} failed; {record.Connections} connections");
            return (findings, transfers, failures, rttIdle, rttMedia);
        }
        finally
        {
            await Task.WhenAll(online.Select(c => c.DisposeAsync().AsTask()));
        }
    }

    /// <summary>
    /// One item out and back in on the client's open connection: upload, download, check. The release
    /// goes on the main connection afterwards without holding the next transfer (on light its answer
    /// takes a slot or two of 5 s, during which no media moves).
    /// </summary>
    private static async Task<bool> MoveOneAsync(MediaClient client, int itemBytes, List<Task> releases)
    {
        using var bound = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        if (AttachmentEncryptor.TryEncrypt(RandomNumberGenerator.GetBytes(itemBytes), MediaType.OggOpus, out var item) != AttachmentError.None)
        {
            return false;
        }

        try
        {
            await client.Transfer().UploadAsync(item!, 1, null, bound.Token);
            var chunks = await client.Transfer().DownloadAsync(item!.Pointer, null, bound.Token);
            var release = client.Transfer().ReleaseAsync(item.Pointer, CancellationToken.None);
            lock (releases)
            {
                releases.Add(release);
            }

            return AttachmentDecryptor.TryDecrypt(item.Pointer, chunks, out _) == AttachmentError.None;
        }
        catch (Exception e) when (e is Offline.Client.Transport.RelayException or OperationCanceledException or InvalidOperationException)
        {
            Console.Error.WriteLine($"observer media: client {client.Peer.Index}: {e.Message}");
            return false;
        }
    }

    /// <summary>
    /// On each client's main connection, the time from an upstream cell to the next downstream one (the
    /// relay's turnaround), split by whether the cell left while media moved: p10, p50, p90 in ms.
    /// </summary>
    private static (double[] Idle, double[] Media) RoundTrips(MediaClient[] online, TimeSpan origin, List<Period>[] schedules)
    {
        var idle = new List<double>();
        var media = new List<double>();
        for (var c = 0; c < online.Length; c++)
        {
            var main = online[c].Recorder.Connections[0].DataFrames;
            for (var k = 0; k + 1 < main.Count; k++)
            {
                if (main[k].Direction != WireDirection.Up || main[k + 1].Direction != WireDirection.Down)
                {
                    continue;
                }

                var at = (main[k].At - origin).TotalSeconds;
                var period = schedules[c].FirstOrDefault(p => p.Start <= at && at < p.End);
                if (period.End > period.Start)
                {
                    (period.Chatting ? media : idle).Add((main[k + 1].At - main[k].At).TotalMilliseconds);
                }
            }
        }

        static double[] Quantiles(List<double> v)
        {
            var sorted = v.Order().ToArray();
            return sorted.Length == 0 ? [] : [Pick(sorted, 0.1), Pick(sorted, 0.5), Pick(sorted, 0.9)];
        }

        static double Pick(double[] sorted, double q) => Math.Round(sorted[(int)(q * (sorted.Length - 1))], 2);

        return (Quantiles(idle), Quantiles(media));
    }

    private static double? Round(double v) => double.IsNaN(v) ? null : Math.Round(v, 4);
}
