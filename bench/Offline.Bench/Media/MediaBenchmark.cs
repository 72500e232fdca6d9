using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Offline.Client;
using Offline.Client.Attachments;
using Offline.Client.Traffic;
using Offline.Observer;
using Offline.Protocol.Attachments;

namespace Offline.Bench.Media;

/// <summary>
/// `bench/run media [--profiles strict,standard,light,off] [--photo-bytes N] [--voice-bytes N]`: how long
/// an attachment takes on each traffic profile at the product's real slots (docs/TRAFFIC.md,
/// "Attachments"), and what it puts on the wire. For each profile and item, one pair of engine
/// clients online through their own recording proxies: the sender uploads the item
/// (<see cref="AttachmentTransfer"/>), then sends a short text carrying the pointer (the size of an
/// Image or VoiceNote message: the 1 KiB bucket), the recipient's live connection receives it, and the
/// recipient downloads every chunk. Time = upload start to the recipient holding every chunk. Bytes
/// = WebSocket payload bytes both ways on every connection of both clients over that time. All
/// pairs run at once (each on its own connections and schedules), so the whole run takes about as
/// long as strict's slowest item. One JSON line on stdout.
/// </summary>
internal static class MediaBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var profiles = (OptionText(args, "--profiles") ?? "strict,standard,light,off").Split(',').Select(n => TrafficProfile.Find(n) ?? throw new ArgumentException($"unknown profile {n}")).ToList();
        var photoBytes = Option(args, "--photo-bytes", 100_000);
        var voiceBytes = Option(args, "--voice-bytes", 90_000); // 30 s at 24 kbps (Opus voice)
        var total = Stopwatch.StartNew();
        await using var relay = await BenchRelayProcess.StartAsync(BenchRelayProcess.StampDifficulty(8));
        var jobs = profiles.SelectMany(p => new (TrafficProfile Profile, string Item, int Size, MediaType Type)[] { (p, "photo", photoBytes, MediaType.Jpeg), (p, "voice", voiceBytes, MediaType.OggOpus) }).ToList();
        using var world = await ObserverWorld.CreateAsync(relay.Url, 2 * jobs.Count, 8, CancellationToken.None);
        Console.Error.WriteLine($"media: relay on {relay.Url}; {jobs.Count} transfers at once; bulk slot {AttachmentTransferOptions.BulkSlotFromEnvironment().TotalMilliseconds} ms");
        var results = await Task.WhenAll(jobs.Select((job, k) => RunOneAsync(world.Peers[2 * k], world.Peers[(2 * k) + 1], relay.Port, job.Profile, job.Item, job.Size, job.Type)));
        var output = new Dictionary<string, object?>
        {
            ["benchmark"] = "media",
            ["results"] = results,
            ["parameters"] = new Dictionary<string, object>
            {
                ["photo_bytes"] = photoBytes,
                ["voice_bytes"] = voiceBytes,
                ["voice_note"] = "30 s at 24 kbps",
                ["slots"] = string.Join(", ", profiles.Select(p => p.Paced ? $"{p.Name} {p.SlotPeriod.TotalMilliseconds} ms" : $"{p.Name} classic")),
                ["bulk_slot_ms"] = AttachmentTransferOptions.BulkSlotFromEnvironment().TotalMilliseconds,
                ["bulk_cell"] = ClientLimits.BulkCellSize,
            },
            ["runtime_s"] = Math.Round(total.Elapsed.TotalSeconds, 1),
        };
        Console.WriteLine(JsonSerializer.Serialize(output));
        return results.All(r => (bool)r["ok"]!) ? 0 : 1;
    }

    private static async Task<Dictionary<string, object?>> RunOneAsync(BenchPeer from, BenchPeer to, int relayPort, TrafficProfile profile, string name, int size, MediaType type)
    {
        var clock = Stopwatch.StartNew();
        await using var sender = await MediaClient.StartAsync(from, relayPort, profile, clock);
        await using var recipient = await MediaClient.StartAsync(to, relayPort, profile, clock);
        using var bound = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        if (AttachmentEncryptor.TryEncrypt(RandomNumberGenerator.GetBytes(size), type, out var item) != AttachmentError.None)
        {
            throw new InvalidOperationException("encryption failed");
        }

        var start = clock.Elapsed;
        await sender.Transfer().UploadAsync(item!, 1, null, bound.Token);
        var uploaded = clock.Elapsed;
        var pointerText = Convert.ToHexStringLower(item!.Pointer.Encode());
        await sender.SendTextAsync(pointerText, bound.Token);
        var (text, _) = await recipient.Texts.ReadAsync(bound.Token);
        while (text.Length != 2 * AttachmentPointer.EncodedSize)
        {
            (text, _) = await recipient.Texts.ReadAsync(bound.Token); // the pairs' introductions, not this pointer
        }

        var announced = clock.Elapsed;
        var all = new TaskCompletionSource<TimeSpan>(TaskCreationOptions.RunContinuationsAsynchronously);
        var chunks = await recipient.Transfer().DownloadAsync(Parse(text), new Immediate(p =>
        {
            if (p.DoneChunks == p.TotalChunks)
            {
                all.TrySetResult(clock.Elapsed);
            }
        }), bound.Token);
        var received = await all.Task;
        var downloaded = clock.Elapsed;
        var ok = AttachmentDecryptor.TryDecrypt(item.Pointer, chunks, out _) == AttachmentError.None;
        await recipient.Transfer().ReleaseAsync(item.Pointer, bound.Token);

        var connections = sender.Recorder.Connections.Concat(recipient.Recorder.Connections).ToList();
        var bulk = sender.Recorder.Connections.Skip(1).Concat(recipient.Recorder.Connections.Skip(1)).ToList();
        long Bytes(IEnumerable<WireConnection> of) => of.SelectMany(c => c.DataFrames).Where(f => f.At >= start && f.At <= downloaded).Sum(f => f.PayloadLength);
        var result = new Dictionary<string, object?>
        {
            ["profile"] = profile.Name,
            ["item"] = name,
            ["bytes"] = size,
            ["chunks"] = item.Chunks.Count,
            ["lane"] = AttachmentTransfer.LaneFor(profile).ToString(),
            ["deliver_s"] = Seconds(received - start),
            ["upload_s"] = Seconds(uploaded - start),
            ["pointer_message_s"] = Seconds(announced - uploaded),
            ["download_s"] = Seconds(received - announced),
            ["wire_bytes"] = Bytes(connections),
            ["wire_bytes_bulk_connections"] = Bytes(bulk),
            ["bulk_connections"] = bulk.Count,
            ["bulk_cells_each"] = bulk.Select(c => c.DataFrames.Count(f => f.Direction == WireDirection.Up)).ToList(),
            ["bulk_frame_sizes"] = bulk.SelectMany(c => c.DataFrames).Select(f => f.PayloadLength).Distinct().Order().ToList(),
            ["main_frame_sizes"] = sender.Recorder.Connections.Take(1).Concat(recipient.Recorder.Connections.Take(1)).SelectMany(c => c.DataFrames).Select(f => f.PayloadLength).Distinct().Order().ToList(),
            ["ok"] = ok,
        };
        Console.Error.WriteLine($"media [{profile.Name} {name}]: {Seconds(received - start)} s (upload {Seconds(uploaded - start)}, pointer {Seconds(announced - uploaded)}, download {Seconds(received - announced)}); {Bytes(connections)} B on the wire, {Bytes(bulk)} B on {bulk.Count} bulk connections; ok {ok}");
        return result;
    }

    private static AttachmentPointer Parse(string text) =>
        AttachmentPointer.TryParse(Convert.FromHexString(text), out var pointer) == AttachmentError.None ? pointer! : throw new InvalidOperationException("the pointer did not parse");

    private static double Seconds(TimeSpan t) => Math.Round(t.TotalSeconds, 2);

    private static int Option(string[] args, string name, int fallback) =>
        OptionText(args, name) is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;

    private static string? OptionText(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    /// <summary>Reports on the caller's thread (<see cref="Progress{T}"/> would post to the thread pool, after the call returned).</summary>
    private sealed class Immediate(Action<TransferProgress> report) : IProgress<TransferProgress>
    {
        public void Report(TransferProgress value) => report(value);
    }
}
