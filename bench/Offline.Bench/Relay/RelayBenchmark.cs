using System.Buffers.Binary;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json;
using Offline.Protocol.Wire;

namespace Offline.Bench;

/// <summary>
/// `bench/run relay [PAIRS] [SECONDS] [IDLE]`: the real relay process on loopback (memory store).
/// 1. Memory per idle connection: RSS growth after opening IDLE connections that said Hello.
/// 2. Throughput and latency: PAIRS sender/receiver pairs; each sender sends 1 KiB frames
///    (974-byte sealed ciphertexts) one after another, each receiver acks what is pushed to it.
/// Latency is send-start to push-arrival, measured in this process with a monotonic clock.
/// 3. The cost of a first-contact stamp at the default difficulty (20 bits), in this process.
/// </summary>
internal static class RelayBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var pairs = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 50;
        var seconds = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 15;
        var idle = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 1000;

        var stampMs = StampMilliseconds(20, 8);
        Console.Error.WriteLine($"stamp at 20 bits: {stampMs:F0} ms (mean of 8)");
        await using var relay = await BenchRelayProcess.StartAsync(BenchRelayProcess.LiftFrameRate);
        var idleKib = await IdleConnectionKibAsync(relay, idle);
        Console.Error.WriteLine($"idle connection: {idleKib:F1} KiB each ({idle} connections)");
        var (rate, latencies) = await ThroughputAsync(relay.SocketUri, pairs, TimeSpan.FromSeconds(seconds));
        latencies.Sort();
        var result = new Dictionary<string, object>
        {
            ["benchmark"] = "relay",
            ["pairs"] = pairs,
            ["seconds"] = seconds,
            ["frame_bytes"] = 1024,
            ["delivered_msgs_per_s"] = Math.Round(rate),
            ["p50_ms"] = Math.Round(Percentile(latencies, 0.50), 3),
            ["p99_ms"] = Math.Round(Percentile(latencies, 0.99), 3),
            ["idle_conn_kib"] = Math.Round(idleKib, 1),
            ["idle_connections"] = idle,
            ["stamp_ms_20_bits"] = Math.Round(stampMs),
        };
        Console.WriteLine(JsonSerializer.Serialize(result));
        return 0;
    }

    private static async Task<double> IdleConnectionKibAsync(BenchRelayProcess relay, int count)
    {
        // Warm the relay's code paths first so JIT and pools are not counted as per-connection cost.
        await using (var warm = await BenchClient.ConnectAsync(relay.SocketUri))
        {
            await warm.RequestAsync(RelayOp.Ping, []);
        }

        await Task.Delay(500);
        var before = relay.ResidentKib();
        var clients = new List<BenchClient>(count);
        for (var i = 0; i < count; i++)
        {
            clients.Add(await BenchClient.ConnectAsync(relay.SocketUri));
        }

        await Task.Delay(1000);
        var after = relay.ResidentKib();
        foreach (var client in clients)
        {
            await client.DisposeAsync();
        }

        return (after - before) / (double)count;
    }

    private static async Task<(double Rate, List<double> LatenciesMs)> ThroughputAsync(Uri uri, int pairs, TimeSpan duration)
    {
        var latencies = new List<double>();
        var delivered = 0L;
        var measuring = false;
        var stop = new CancellationTokenSource();
        var tasks = new List<Task>();
        var clients = new List<BenchClient>();
        for (var p = 0; p < pairs; p++)
        {
            var sender = await BenchClient.ConnectAsync(uri);
            var receiver = await BenchClient.ConnectAsync(uri);
            clients.AddRange([sender, receiver]);
            var (address, secret) = (RandomNumberGenerator.GetBytes(32), RandomNumberGenerator.GetBytes(32));
            await receiver.RequestAsync(RelayOp.CreateQueue, new CreateQueueRequest(address, SHA256.HashData(secret), 7).Encode());
            receiver.OnDelivery = delivery =>
            {
                var elapsed = Stopwatch.GetElapsedTime(BinaryPrimitives.ReadInt64BigEndian(delivery.Ciphertext)).TotalMilliseconds;
                if (Volatile.Read(ref measuring))
                {
                    Interlocked.Increment(ref delivered);
                    lock (latencies)
                    {
                        latencies.Add(elapsed);
                    }
                }

                _ = receiver.SendAsync(RelayFrameCodec.Encode(RelayOp.Ack, 0, new AckRequest(address, secret, delivery.MessageId).Encode()));
            };
            await receiver.RequestAsync(RelayOp.Subscribe, new OwnerRequest(address, secret).Encode());
            tasks.Add(SendLoopAsync(sender, address, stop.Token));
        }

        await Task.Delay(TimeSpan.FromSeconds(2));
        Volatile.Write(ref measuring, true);
        var clock = Stopwatch.StartNew();
        await Task.Delay(duration);
        Volatile.Write(ref measuring, false);
        var elapsed = clock.Elapsed.TotalSeconds;
        await stop.CancelAsync();
        await Task.WhenAll(tasks);
        foreach (var client in clients)
        {
            await client.DisposeAsync();
        }

        lock (latencies)
        {
            return (Interlocked.Read(ref delivered) / elapsed, [.. latencies]);
        }
    }

    private static async Task SendLoopAsync(BenchClient sender, byte[] address, CancellationToken stop)
    {
        var ciphertext = new byte[SendRequest.CiphertextCapacity(1024)];
        RandomNumberGenerator.Fill(ciphertext);
        while (!stop.IsCancellationRequested)
        {
            BinaryPrimitives.WriteInt64BigEndian(ciphertext, Stopwatch.GetTimestamp());
            var answer = await sender.RequestAsync(RelayOp.Send, new SendRequest(address, 0, ciphertext).Encode());
            if (answer.Op != RelayOp.Ok)
            {
                throw new InvalidOperationException($"send refused: {answer.Op}");
            }
        }
    }

    /// <summary>Mean time to mint a first-contact stamp at <paramref name="bits"/> (one core, SHA-256 from the BCL).</summary>
    private static double StampMilliseconds(int bits, int samples)
    {
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < samples; i++)
        {
            ProofOfWorkStamp.Mint(RandomNumberGenerator.GetBytes(32), RandomNumberGenerator.GetBytes(974), bits);
        }

        return clock.Elapsed.TotalMilliseconds / samples;
    }

    private static double Percentile(List<double> sorted, double q) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)(q * sorted.Count))];
}
