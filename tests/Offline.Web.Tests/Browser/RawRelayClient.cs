using System.Buffers.Binary;
using System.Net.WebSockets;
using Offline.Protocol.Identity;
using Offline.Protocol.Wire;

namespace Offline.Web.Tests.Browser;

/// <summary>
/// A bare classic relay connection (first byte 0x01: padded frames, docs/PROTOCOL.md Part 2 "Frame") over the
/// shared codec: Hello, then one request at a time, each answered before the next. It fetches bundles the
/// way any stranger could, to see which one-time prekeys the relay hands out, and attachment chunks by
/// address, to see whether the relay still holds them.
/// </summary>
public sealed class RawRelayClient : IAsyncDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);
    private readonly ClientWebSocket socket = new();
    private readonly byte[] buffer = new byte[RelayWire.MaxFrameSize];
    private uint nextId;

    private RawRelayClient()
    {
        // The relay sends no WebSocket pings and wants none: every message is a padded frame.
        socket.Options.KeepAliveInterval = TimeSpan.Zero;
    }

    /// <summary>Connects to the relay's /ws and says Hello.</summary>
    public static async Task<RawRelayClient> ConnectAsync(RelayServer relay)
    {
        var client = new RawRelayClient();
        using var timeout = new CancellationTokenSource(Wait);
        await client.socket.ConnectAsync(new Uri(relay.WebSocketUrl + "/ws"), timeout.Token);
        var welcome = await client.RequestAsync(RelayOp.Hello, []);
        Assert.Equal(RelayOp.Welcome, welcome.Op);
        return client;
    }

    /// <summary>
    /// Fetches <paramref name="id"/>'s bundle (checked: it parses and hashes to the ID) and returns the id of the
    /// one-time prekey the relay handed out with it, or null when it had none left.
    /// </summary>
    public async Task<uint?> FetchOneTimePrekeyIdAsync(OfflineId id)
    {
        var answer = await RequestAsync(RelayOp.FetchBundle, new FetchBundleRequest(id.Fingerprint.ToArray()).Encode());
        Assert.Equal(RelayOp.Bundle, answer.Op);
        Assert.True(PrekeyBundle.TryParse(answer.Body.Span, out var bundle, out var error), $"the bundle does not parse: {error}");
        Assert.Equal(id, bundle!.Id);
        return bundle.OneTimePrekeys.Count == 0 ? null : Assert.Single(bundle.OneTimePrekeys).Id;
    }

    /// <summary>Fetches <paramref name="count"/> bundles; every one must carry a one-time prekey.</summary>
    public async Task<List<uint>> FetchOneTimePrekeyIdsAsync(OfflineId id, int count)
    {
        var ids = new List<uint>(count);
        for (var i = 0; i < count; i++)
        {
            var handedOut = await FetchOneTimePrekeyIdAsync(id);
            Assert.True(handedOut.HasValue, $"fetch {i + 1} of {count} came without a one-time prekey");
            ids.Add(handedOut.Value);
        }

        return ids;
    }

    /// <summary>GetChunk, as anyone who knows the address could: the chunk, or null when the relay answers ChunkNotFound.</summary>
    public async Task<byte[]?> GetChunkAsync(byte[] address)
    {
        var answer = await RequestAsync(RelayOp.GetChunk, new ChunkAddressRequest(address).Encode());
        if (answer.Op == RelayOp.Error)
        {
            Assert.Equal((ushort)RelayErrorCode.ChunkNotFound, BinaryPrimitives.ReadUInt16BigEndian(answer.Body.Span));
            return null;
        }

        Assert.Equal(RelayOp.Chunk, answer.Op);
        return answer.Body.ToArray();
    }

    public async ValueTask DisposeAsync()
    {
        if (socket.State == WebSocketState.Open)
        {
            using var timeout = new CancellationTokenSource(Wait);
            await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", timeout.Token);
        }

        socket.Dispose();
    }

    private async Task<RelayFrame> RequestAsync(RelayOp op, byte[] body)
    {
        var requestId = ++nextId;
        using var timeout = new CancellationTokenSource(Wait);
        await socket.SendAsync(RelayFrameCodec.Encode(op, requestId, body), WebSocketMessageType.Binary, endOfMessage: true, timeout.Token);

        // No subscriptions, so the next message is this request's answer.
        var length = 0;
        ValueWebSocketReceiveResult received;
        do
        {
            Assert.True(length < buffer.Length, "the relay sent a message larger than any frame");
            received = await socket.ReceiveAsync(buffer.AsMemory(length), timeout.Token);
            Assert.NotEqual(WebSocketMessageType.Close, received.MessageType);
            length += received.Count;
        }
        while (!received.EndOfMessage);

        Assert.True(RelayFrameCodec.TryDecode(buffer.AsMemory(0, length).ToArray(), out var frame, out var error), $"malformed frame: {error}");
        Assert.Equal(requestId, frame!.RequestId);
        return frame;
    }
}
