using System.Buffers.Binary;
using System.Net.WebSockets;
using Offline.Protocol.Wire;
using Offline.Relay.Tests.Hosting;

namespace Offline.Relay.Tests.Sockets;

public sealed class FrameTests
{
    public static TheoryData<string, byte[], string> BadFrames => new()
    {
        { "wrong size", new byte[1000], "frame must be exactly 1, 4, 16 or 64 KiB; got 1000 bytes" },
        { "empty", [], "frame must be exactly 1, 4, 16 or 64 KiB; got 0 bytes" },
        { "unknown version", Tamper(f => f[0] = 0x02), "unknown frame version (expected 0x01)" },
        { "unknown op", Tamper(f => f[1] = 0x42), "unknown frame op" },
        { "body past end", Tamper(f => BinaryPrimitives.WriteUInt32BigEndian(f.AsSpan(6), 5000)), "frame body length runs past the end of the frame" },
        { "non-zero fill", Tamper(f => f[^1] = 1), "frame padding must be all zero" },
        { "oversized bucket", Oversized(), "frame must use the smallest size that holds its body" },
        { "relay op", RelayFrameCodec.Encode(RelayOp.Ok, 1, []), "op 0x82 is sent by the relay, not to it" },
        { "malformed body", RelayFrameCodec.Encode(RelayOp.Send, 1, new byte[10]), "malformed Send body" },
        { "ping with body", RelayFrameCodec.Encode(RelayOp.Ping, 1, [1]), "malformed Ping body" },
    };

    [Theory]
    [MemberData(nameof(BadFrames))]
    public async Task BadFrame_AfterHello_ClosesThatConnectionWithReason(string name, byte[] frame, string reason)
    {
        await using var relay = new RelayFactory();
        await using var bystander = await relay.HelloAsync();
        await using var bad = await relay.HelloAsync();

        await bad.SendRawAsync(frame);

        Assert.True(reason == await bad.ClosedReasonAsync(), name);
        Assert.Equal(RelayOp.Pong, (await bystander.RequestAsync(RelayOp.Ping, [])).Op);
    }

    [Fact]
    public async Task TextFrame_ClosesWithReason()
    {
        await using var relay = new RelayFactory();
        await using var client = await relay.HelloAsync();

        await client.SendRawAsync("hello"u8.ToArray(), WebSocketMessageType.Text);

        Assert.Equal("text frames are not accepted; binary frames only", await client.ClosedReasonAsync());
    }

    [Fact]
    public async Task FrameOver64KiB_InFragments_ClosesWithReason()
    {
        await using var relay = new RelayFactory();
        await using var client = await relay.HelloAsync();

        for (var i = 0; i < 5; i++)
        {
            await client.SendRawAsync(new byte[16384], WebSocketMessageType.Binary, endOfMessage: false);
        }

        Assert.Equal("frame larger than 64 KiB", await client.ClosedReasonAsync());
    }

    [Fact]
    public async Task FirstFrameNotHello_Closes()
    {
        await using var relay = new RelayFactory();
        await using var client = await relay.ConnectAsync();

        await client.SendRawAsync(RelayFrameCodec.Encode(RelayOp.Ping, 1, []));

        Assert.Equal("first frame must be Hello", await client.ClosedReasonAsync());
    }

    [Fact]
    public async Task HelloTwice_Closes()
    {
        await using var relay = new RelayFactory();
        await using var client = await relay.HelloAsync();

        await client.SendRawAsync(RelayFrameCodec.Encode(RelayOp.Hello, 9, []));

        Assert.Equal("Hello may be sent only once", await client.ClosedReasonAsync());
    }

    [Fact]
    public async Task Hello_FreshTokenAndChallengePerConnection()
    {
        await using var relay = new RelayFactory();
        await using var first = await relay.HelloAsync();
        await using var second = await relay.HelloAsync();

        Assert.NotEqual(first.Welcome!.Token, second.Welcome!.Token);
        Assert.NotEqual(first.Welcome.Challenge, second.Welcome.Challenge);
        Assert.NotEqual(first.Welcome.Token, first.Welcome.Challenge);
    }

    [Fact]
    public async Task NoHelloInTime_ClosesWithReason()
    {
        await using var relay = new RelayFactory(new() { ["Relay:Limits:HelloTimeoutSeconds"] = "1" });
        await using var client = await relay.ConnectAsync();

        Assert.Equal("Hello must arrive within 1 s", await client.ClosedReasonAsync());
    }

    [Fact]
    public async Task Idle_ClosesWithReason()
    {
        await using var relay = new RelayFactory(new() { ["Relay:Limits:IdleTimeoutSeconds"] = "1" });
        await using var client = await relay.HelloAsync();

        Assert.Equal("idle timeout: no frame for 1 s", await client.ClosedReasonAsync());
    }

    [Fact]
    public async Task FramesAboveRate_ClosesWithReason()
    {
        await using var relay = new RelayFactory(new() { ["Relay:Limits:FramesPerSecond"] = "1", ["Relay:Limits:FrameBurst"] = "5" });
        await using var client = await relay.HelloAsync();

        // Sending stops once the relay has closed (a send after the close handshake would throw).
        for (var i = 0; i < 10 && !client.Closed.IsCompleted; i++)
        {
            try
            {
                await client.SendRawAsync(RelayFrameCodec.Encode(RelayOp.Ping, 100 + (uint)i, []));
            }
            catch (WebSocketException) when (client.Closed.IsCompleted)
            {
                break;
            }
        }

        Assert.Equal("rate limit: more than 1 frames per second", await client.ClosedReasonAsync());
    }

    [Fact]
    public async Task ConnectionsOverCap_Refused_OthersUnaffected()
    {
        await using var relay = new RelayFactory(new() { ["Relay:Limits:MaxConnections"] = "2" });
        await using var first = await relay.HelloAsync();
        await using var second = await relay.HelloAsync();

        await Assert.ThrowsAsync<WebSocketException>(relay.ConnectAsync);
        Assert.Equal(RelayOp.Pong, (await first.RequestAsync(RelayOp.Ping, [])).Op);
    }

    [Fact]
    public async Task AppAndHealth_Served()
    {
        var file = Path.Combine(Path.GetTempPath(), $"relay-app-{Guid.NewGuid():N}.html");
        await File.WriteAllTextAsync(file, "<p>one</p>");
        try
        {
            await using var relay = new RelayFactory(new() { ["Relay:App:Path"] = file });
            using var http = new HttpClient { BaseAddress = relay.HttpBase };
            var first = await http.GetStringAsync(new Uri("/app", UriKind.Relative));
            await File.WriteAllTextAsync(file, "<p>two</p>");
            var second = await http.GetStringAsync(new Uri("/app", UriKind.Relative));

            Assert.Equal("<p>one</p>", first);
            Assert.Equal("<p>two</p>", second);
            Assert.Equal("ok\n", await http.GetStringAsync(new Uri("/healthz", UriKind.Relative)));
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static byte[] Tamper(Action<byte[]> change)
    {
        var frame = RelayFrameCodec.Encode(RelayOp.Ping, 1, []);
        change(frame);
        return frame;
    }

    private static byte[] Oversized()
    {
        var frame = new byte[4096];
        RelayFrameCodec.Encode(RelayOp.Ping, 1, []).AsSpan(0, RelayWire.HeaderSize).CopyTo(frame);
        return frame;
    }
}
