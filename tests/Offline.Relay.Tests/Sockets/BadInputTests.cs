using System.Buffers.Binary;
using System.Net.WebSockets;
using Offline.Protocol.Wire;
using Offline.Relay.Tests.Hosting;

namespace Offline.Relay.Tests.Sockets;

/// <summary>
/// Hostile traffic beside a real conversation: thousands of bad frames on many connections and a
/// flood of unstamped first contacts. The relay stays up, the conversation loses nothing, and
/// every bad sender is told why it was closed.
/// </summary>
public sealed class BadInputTests
{
    private const int Difficulty = 12;
    private const int BadConnections = 1200;
    private const int FloodFramesPerConnection = 300;
    private const int Flooders = 4;

    private static readonly (string Name, Func<int, byte[]> Frame, bool Text, string Reason)[] Attacks =
    [
        ("wrong size", i => new byte[1 + (i % 1000)], false, "frame must be exactly 1, 4, 16 or 64 KiB; got "),
        ("truncated", i => RelayFrameCodec.Encode(RelayOp.Ping, (uint)i, [])[..(500 + (i % 400))], false, "frame must be exactly 1, 4, 16 or 64 KiB; got "),
        ("text", _ => "{\"op\":\"send\"}"u8.ToArray(), true, "text frames are not accepted; binary frames only"),
        ("oversized", _ => new byte[70_000], false, "frame larger than 64 KiB"),
        ("bad version", i => Tampered(i, f => f[0] = 0xff), false, "unknown frame version (expected 0x01)"),
        ("bad op", i => Tampered(i, f => f[1] = 0x7f), false, "unknown frame op"),
        ("bad length", i => Tampered(i, f => BinaryPrimitives.WriteUInt32BigEndian(f.AsSpan(6), 0xffff_fff0)), false, "frame body length runs past the end of the frame"),
        ("dirty fill", i => Tampered(i, f => f[900] = 0xaa), false, "frame padding must be all zero"),
        ("malformed body", i => RelayFrameCodec.Encode(RelayOp.Ack, (uint)i, new byte[7]), false, "malformed Ack body"),
        ("replayed hello", i => RelayFrameCodec.Encode(RelayOp.Hello, (uint)i, []), false, "Hello may be sent only once"),
    ];

    [Fact]
    public async Task HostileTraffic_DuringConversation_ConversationCompletesAndEachBadSenderToldWhy()
    {
        await using var relay = new RelayFactory(new()
        {
            ["Relay:Limits:StampDifficultyBits"] = Difficulty.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Relay:Limits:FramesPerSecond"] = "100000",
            ["Relay:Limits:FrameBurst"] = "100000",
        });
        await using var victim = await relay.HelloAsync();
        var target = await TestKeys.PublishAsync(victim);

        var conversation = Conversation.RunAsync(relay.SocketUri, Difficulty, messagesEachWay: 150);
        var badFrames = Task.Run(() => BadFramesAsync(relay));
        var floods = Enumerable.Range(0, Flooders).Select(_ => Task.Run(() => FloodAsync(relay, target.IntroAddress))).ToList();

        await conversation;
        var closeReasons = await badFrames;
        await Task.WhenAll(floods);

        Assert.Equal(BadConnections, closeReasons);
        Assert.Equal(RelayOp.Pong, (await victim.RequestAsync(RelayOp.Ping, [])).Op);
        await victim.OkAsync(RelayOp.Subscribe, new OwnerRequest(target.IntroAddress, target.IntroSecret).Encode());
        Assert.Equal(RelayOp.Pong, (await victim.RequestAsync(RelayOp.Ping, [])).Op);
        var landed = 0;
        while (victim.TryTakeDelivery(out _))
        {
            landed++;
        }

        // Only each flooder's one validly stamped contact got through; no replay, no unstamped send.
        Assert.Equal(Flooders, landed);
    }

    /// <summary>Many connections, each sending one kind of bad frame; returns how many got the expected close reason.</summary>
    private static async Task<int> BadFramesAsync(RelayFactory relay)
    {
        var told = 0;
        await Parallel.ForEachAsync(Enumerable.Range(0, BadConnections), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, _) =>
        {
            var (name, frame, text, reason) = Attacks[i % Attacks.Length];
            await using var attacker = await relay.HelloAsync();
            var bytes = frame(i);
            if (name == "oversized")
            {
                await attacker.SendRawAsync(bytes.AsMemory(0, 40_000), WebSocketMessageType.Binary, endOfMessage: false);
                await attacker.SendRawAsync(bytes.AsMemory(40_000));
            }
            else
            {
                await attacker.SendRawAsync(bytes, text ? WebSocketMessageType.Text : WebSocketMessageType.Binary);
            }

            var closed = await attacker.ClosedReasonAsync();
            Assert.True(closed.StartsWith(reason, StringComparison.Ordinal), $"{name}: got \"{closed}\"");
            Interlocked.Increment(ref told);
        });
        return told;
    }

    /// <summary>
    /// Unstamped and badly stamped first contacts, then one validly stamped contact replayed many
    /// times, then a truncated frame: every send is refused, only the first stamped one lands, and
    /// the connection is closed with a reason at the end.
    /// </summary>
    private static async Task FloodAsync(RelayFactory relay, byte[] introAddress)
    {
        await using var flooder = await relay.HelloAsync();
        for (var i = 0; i < FloodFramesPerConnection; i++)
        {
            // A nonce that happens to meet the difficulty (1 in 2^12) would be a valid stamp; skip it.
            var ciphertext = TestKeys.Ciphertext(200);
            var nonce = (ulong)i;
            while (ProofOfWorkStamp.Verify(introAddress, ciphertext, nonce, Difficulty))
            {
                nonce += 1_000_000;
            }

            var error = await flooder.ErrorAsync(RelayOp.Send, new SendRequest(introAddress, nonce, ciphertext).Encode());
            Assert.Equal(RelayErrorCode.StampInvalid, error.Code);
        }

        var stamped = TestKeys.StampedSend(introAddress, TestKeys.Ciphertext(200), Difficulty).Encode();
        var firstUse = await flooder.RequestAsync(RelayOp.Send, stamped);
        for (var i = 0; i < 25; i++)
        {
            Assert.Equal(RelayErrorCode.StampReused, (await flooder.ErrorAsync(RelayOp.Send, stamped)).Code);
        }

        await flooder.SendRawAsync(RelayFrameCodec.Encode(RelayOp.Send, 1, stamped).AsMemory(0, 1000));
        Assert.Equal("frame must be exactly 1, 4, 16 or 64 KiB; got 1000 bytes", await flooder.ClosedReasonAsync());
        Assert.Equal(RelayOp.Ok, firstUse.Op);
    }

    private static byte[] Tampered(int i, Action<byte[]> change)
    {
        var frame = RelayFrameCodec.Encode(RelayOp.Ping, (uint)i, []);
        change(frame);
        return frame;
    }
}
