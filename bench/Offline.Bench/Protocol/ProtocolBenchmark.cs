using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Offline.Protocol;
using Offline.Protocol.Handshake;
using Offline.Protocol.Identity;
using Offline.Protocol.Primitives;
using Offline.Protocol.Ratchet;

namespace Offline.Bench;

/// <summary>
/// `bench/run protocol`: session setups, ping-pong and burst throughput with 1 KiB bodies and the
/// session state serialized after every message, as a client that persists its state must.
/// Baselines: libsignal (Rust via its Node binding) on this 2-core machine, same workload.
/// </summary>
internal static class ProtocolBenchmark
{
    private const double BaselineSetups = 236;
    private const double BaselinePingPong = 1431;
    private const double BaselineBurst = 2348;
    private static readonly byte[] Body = new byte[1024];

    public static Task<int> RunAsync(string[] args)
    {
        var seconds = args.Length > 0 ? double.Parse(args[0], CultureInfo.InvariantCulture) : 3.0;
        var random = SystemRandom.Instance;

        Measure(2.0, () => { SessionSetup(random); return 1; });
        var setups = Measure(seconds, () => { SessionSetup(random); return 1; });
        Console.Error.WriteLine($"session setups/s: {setups:F0}");

        var (alice, bob) = Conversation(random);
        Measure(2.0, () => PingPong(alice, bob, random));
        var pingPong = Measure(seconds, () => PingPong(alice, bob, random));
        Console.Error.WriteLine($"ping-pong msgs/s: {pingPong:F0}");

        Measure(2.0, () => Burst(alice, bob, random));
        var burst = Measure(seconds, () => Burst(alice, bob, random));
        Console.Error.WriteLine($"burst msgs/s: {burst:F0}");
        alice.Dispose();
        bob.Dispose();

        var result = new Dictionary<string, object>
        {
            ["benchmark"] = "protocol",
            ["session_setups_per_s"] = Math.Round(setups),
            ["pingpong_msgs_per_s"] = Math.Round(pingPong),
            ["burst_msgs_per_s"] = Math.Round(burst),
            ["baseline"] = "libsignal via Node, same workload, this machine",
            ["setups_ratio"] = Math.Round(setups / BaselineSetups, 2),
            ["pingpong_ratio"] = Math.Round(pingPong / BaselinePingPong, 2),
            ["burst_ratio"] = Math.Round(burst / BaselineBurst, 2),
            ["seconds_per_figure"] = seconds,
        };
        Console.WriteLine(JsonSerializer.Serialize(result));
        return Task.FromResult(0);
    }

    /// <summary>Runs <paramref name="step"/> for about <paramref name="seconds"/> and returns units per second.</summary>
    private static double Measure(double seconds, Func<int> step)
    {
        var watch = Stopwatch.StartNew();
        long units = 0;
        while (watch.Elapsed.TotalSeconds < seconds)
        {
            units += step();
        }

        return units / watch.Elapsed.TotalSeconds;
    }

    /// <summary>From nothing to a working session, as the issue defines it.</summary>
    private static void SessionSetup(IRandomSource random)
    {
        using var alice = IdentityKeyPair.Generate(random);
        using var bob = IdentityKeyPair.Generate(random);
        using var prekeys = PrekeySet.Generate(bob, random, 1);
        var store = new InMemoryPrekeyStore(prekeys);
        if (!PrekeyBundle.TryParse(prekeys.Bundle.Encode(), out var bundle, out _)
            || SessionInitiator.TryStart(alice, bundle!, bob.Id, random, out var aliceSession) != ProtocolError.None)
        {
            throw new InvalidOperationException("setup failed");
        }

        using (aliceSession)
        {
            var first = aliceSession!.Encrypt(Body);
            aliceSession.Serialize();
            if (SessionResponder.TryAccept(bob, store, first, random, out var bobSession, out _) != ProtocolError.None)
            {
                throw new InvalidOperationException("accept failed");
            }

            using (bobSession)
            {
                bobSession!.Serialize();
                var reply = bobSession.Encrypt(Body);
                bobSession.Serialize();
                Check(aliceSession.TryDecrypt(reply, random, out _));
                aliceSession.Serialize();
            }
        }
    }

    private static (RatchetSession Alice, RatchetSession Bob) Conversation(IRandomSource random)
    {
        using var alice = IdentityKeyPair.Generate(random);
        using var bob = IdentityKeyPair.Generate(random);
        using var prekeys = PrekeySet.Generate(bob, random, 1);
        Check(SessionInitiator.TryStart(alice, prekeys.Bundle, bob.Id, random, out var aliceSession));
        Check(SessionResponder.TryAccept(bob, new InMemoryPrekeyStore(prekeys), aliceSession!.Encrypt(Body), random, out var bobSession, out _));
        return (aliceSession, bobSession!);
    }

    /// <summary>Two messages, one each way: every message makes its receiver take a DH ratchet step.</summary>
    private static int PingPong(RatchetSession alice, RatchetSession bob, IRandomSource random)
    {
        Deliver(bob, alice, random);
        Deliver(alice, bob, random);
        return 2;
    }

    private static int Burst(RatchetSession alice, RatchetSession bob, IRandomSource random)
    {
        for (var i = 0; i < 100; i++)
        {
            Deliver(alice, bob, random);
        }

        return 100;
    }

    private static void Deliver(RatchetSession from, RatchetSession to, IRandomSource random)
    {
        var message = from.Encrypt(Body);
        from.Serialize();
        Check(to.TryDecrypt(message, random, out _));
        to.Serialize();
    }

    private static void Check(ProtocolError error)
    {
        if (error != ProtocolError.None)
        {
            throw new InvalidOperationException(error.ToString());
        }
    }
}
