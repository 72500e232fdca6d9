using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using Offline.Client.Canary;
using Offline.Client.Storage;
using Offline.Client.Transport;
using Offline.Protocol.Primitives;
using Offline.Protocol.Statements;
using Offline.Protocol.Wire;

namespace Offline.Client.Tests.Canary;

/// <summary>The client's verdict on a served canary, the per-relay pin, and an older relay that does not know the op.</summary>
public sealed class CanaryCheckTests : IDisposable
{
    private const string Relay = "ws://127.0.0.1:8080";
    private static readonly DateOnly Today = new(2026, 5, 20);
    private readonly TempHome home = new();
    private readonly EncryptedStore store;
    private readonly P256SigningKey operatorKey = P256SigningKey.Generate(SystemRandom.Instance);

    public CanaryCheckTests()
    {
        store = EncryptedStore.Create(home.Path, "pass");
    }

    public void Dispose()
    {
        operatorKey.Dispose();
        store.Dispose();
        home.Dispose();
    }

    [Fact]
    public void Judge_FirstSightThenSameKey_PinnedThenMatches()
    {
        var pins = new CanaryPins(store);

        var first = CanaryCheck.Judge(Canary(Today, operatorKey), Relay, pins, Today, trustNewKey: false);
        var second = CanaryCheck.Judge(Canary(Today, operatorKey), Relay + "/ws", pins, Today, trustNewKey: false);

        Assert.Equal((CanaryStatus.Fresh, CanaryPinState.PinnedNow), (first.Status, first.Pin));
        Assert.Equal((CanaryStatus.Fresh, CanaryPinState.Matches), (second.Status, second.Pin));
        Assert.Equal(operatorKey.PublicKey, pins.Pinned(Relay));
    }

    [Fact]
    public void Judge_OtherKeyAfterPin_KeyChangedAndPinKeptUntilTrusted()
    {
        var pins = new CanaryPins(store);
        using var other = P256SigningKey.Generate(SystemRandom.Instance);
        CanaryCheck.Judge(Canary(Today, operatorKey), Relay, pins, Today, false);

        var changed = CanaryCheck.Judge(Canary(Today, other), Relay, pins, Today, false);
        Assert.Equal(CanaryStatus.KeyChanged, changed.Status);
        Assert.Equal(StatementKey.Fingerprint(operatorKey.PublicKey), changed.PinnedFingerprint);
        Assert.Equal(operatorKey.PublicKey, pins.Pinned(Relay));

        var trusted = CanaryCheck.Judge(Canary(Today, other), Relay, pins, Today, trustNewKey: true);
        Assert.Equal((CanaryStatus.Fresh, CanaryPinState.Replaced), (trusted.Status, trusted.Pin));
        Assert.Equal(other.PublicKey, pins.Pinned(Relay));
    }

    [Fact]
    public void Judge_PinsArePerRelay()
    {
        var pins = new CanaryPins(store);
        using var other = P256SigningKey.Generate(SystemRandom.Instance);
        CanaryCheck.Judge(Canary(Today, operatorKey), Relay, pins, Today, false);

        Assert.Equal(CanaryPinState.PinnedNow, CanaryCheck.Judge(Canary(Today, other), "ws://127.0.0.1:9090", pins, Today, false).Pin);
    }

    [Theory]
    [InlineData(-30, CanaryStatus.Expired)]
    [InlineData(-29, CanaryStatus.Fresh)]
    [InlineData(2, CanaryStatus.FromTheFuture)]
    public void Judge_IssuedDaysFromToday_Freshness(int days, CanaryStatus expected) =>
        Assert.Equal(expected, CanaryCheck.Judge(Canary(Today.AddDays(days), operatorKey), Relay, null, Today, false).Status);

    [Fact]
    public void Judge_NothingOrJunkOrBadSignature_NothingPinned()
    {
        var pins = new CanaryPins(store);
        var forged = Canary(Today, operatorKey);
        forged[^10] ^= 1;

        Assert.Equal(CanaryStatus.Missing, CanaryCheck.Judge(null, Relay, pins, Today, false).Status);
        Assert.Equal(CanaryStatus.Malformed, CanaryCheck.Judge("hello\n"u8.ToArray(), Relay, pins, Today, false).Status);
        Assert.NotEqual(CanaryStatus.Fresh, CanaryCheck.Judge(forged, Relay, pins, Today, false).Status);
        Assert.Null(pins.Pinned(Relay));
    }

    [Fact]
    public void CheckedOn_MarkedToday_TrueOnlyForThatDayAndRelay()
    {
        var pins = new CanaryPins(store);
        pins.MarkChecked(Relay, Today);

        Assert.True(pins.CheckedOn(Relay, Today));
        Assert.False(pins.CheckedOn(Relay, Today.AddDays(1)));
        Assert.False(pins.CheckedOn("ws://127.0.0.1:9090", Today));
    }

    [Fact]
    public async Task RunAsync_RelayClosesOnTheUnknownOp_RelayTooOld()
    {
        int port;
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }

        using var listener = new HttpListener();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        var serving = Task.Run(() => OldRelayAsync(listener));

        await using (var client = await RelayClient.ConnectAsync($"ws://127.0.0.1:{port}", TimeSpan.FromSeconds(10), CancellationToken.None))
        {
            var result = await CanaryCheck.RunAsync(client, $"ws://127.0.0.1:{port}", new CanaryPins(store), Today, false, CancellationToken.None);
            Assert.Equal(CanaryStatus.RelayTooOld, result.Status);
        }

        await serving.WaitAsync(TimeSpan.FromSeconds(10));
    }

    /// <summary>A relay from before FetchCanary: Welcome to Hello, then "unknown frame op" on 0x0B, as the real one closes.</summary>
    private static async Task OldRelayAsync(HttpListener listener)
    {
        var context = await listener.GetContextAsync();
        using var socket = (await context.AcceptWebSocketAsync(null)).WebSocket;
        var buffer = new byte[70_000];
        while (true)
        {
            var length = 0;
            ValueWebSocketReceiveResult received;
            do
            {
                received = await socket.ReceiveAsync(buffer.AsMemory(length), CancellationToken.None);
                length += received.Count;
            }
            while (!received.EndOfMessage);

            Assert.True(RelayFrameCodec.TryDecode(buffer.AsMemory(0, length), out var frame, out _));
            if (frame!.Op != RelayOp.Hello)
            {
                await socket.CloseOutputAsync(WebSocketCloseStatus.ProtocolError, "unknown frame op", CancellationToken.None);
                return;
            }

            var welcome = new WelcomeBody(new byte[RelayWire.TokenSize], new byte[RelayWire.TokenSize]).Encode();
            await socket.SendAsync(RelayFrameCodec.Encode(RelayOp.Welcome, frame.RequestId, welcome), WebSocketMessageType.Binary, true, CancellationToken.None);
        }
    }

    private static byte[] Canary(DateOnly issued, P256SigningKey key) =>
        new WarrantCanary(issued, 30, key.PublicKey, "No warrants.").Sign(key);
}
