using System.Collections.Concurrent;
using System.Net;
using System.Net.WebSockets;
using System.Threading.Channels;
using Offline.Protocol.Wire;

namespace Offline.Tor.Tests.Hosting;

/// <summary>
/// A minimal relay client speaking the real frames (numbered requests, their answers, pushed
/// deliveries), directly or through a proxy such as <see cref="Offline.Client.Tor.TorProxy"/>.
/// </summary>
public sealed class WireClient : IAsyncDisposable
{
    public static readonly TimeSpan RequestWait = TimeSpan.FromSeconds(60);

    private readonly ClientWebSocket socket;
    private readonly ConcurrentDictionary<uint, TaskCompletionSource<RelayFrame>> waiting = new();
    private readonly Channel<DeliveryBody> deliveries = Channel.CreateUnbounded<DeliveryBody>();
    private readonly SemaphoreSlim sendLock = new(1, 1);
    private Task? receiving;
    private uint nextId;

    private WireClient(ClientWebSocket socket)
    {
        this.socket = socket;
    }

    public WelcomeBody? Welcome { get; private set; }

    /// <summary>Connects (one attempt, bounded by <paramref name="timeout"/>) and says Hello.</summary>
    public static async Task<WireClient> ConnectAsync(Uri uri, IWebProxy? proxy, TimeSpan timeout)
    {
        var socket = new ClientWebSocket();
        socket.Options.KeepAliveInterval = TimeSpan.Zero;
        if (proxy is not null)
        {
            socket.Options.Proxy = proxy;
        }

        try
        {
            using var cancel = new CancellationTokenSource(timeout);
            await socket.ConnectAsync(uri, cancel.Token);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        var client = new WireClient(socket);
        client.receiving = client.ReceiveLoopAsync();
        var answer = await client.RequestAsync(RelayOp.Hello, []);
        Assert.Equal(RelayOp.Welcome, answer.Op);
        Assert.True(WelcomeBody.TryParse(answer.Body.Span, out var welcome));
        client.Welcome = welcome;
        return client;
    }

    public async Task<RelayFrame> RequestAsync(RelayOp op, byte[] body)
    {
        var id = Interlocked.Increment(ref nextId);
        var answer = new TaskCompletionSource<RelayFrame>(TaskCreationOptions.RunContinuationsAsynchronously);
        waiting[id] = answer;
        await sendLock.WaitAsync();
        try
        {
            using var timeout = new CancellationTokenSource(RequestWait);
            await socket.SendAsync(RelayFrameCodec.Encode(op, id, body), WebSocketMessageType.Binary, true, timeout.Token);
        }
        finally
        {
            sendLock.Release();
        }

        return await answer.Task.WaitAsync(RequestWait);
    }

    public async Task OkAsync(RelayOp op, byte[] body)
    {
        var answer = await RequestAsync(op, body);
        Assert.True(answer.Op == RelayOp.Ok, $"{op} answered {answer.Op}");
    }

    public async Task<DeliveryBody> NextDeliveryAsync()
    {
        using var timeout = new CancellationTokenSource(RequestWait);
        return await deliveries.Reader.ReadAsync(timeout.Token);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (socket.State == WebSocketState.Open)
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", timeout.Token);
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
            // Already gone.
        }

        socket.Abort();
        if (receiving is not null)
        {
            await receiving;
        }

        socket.Dispose();
        sendLock.Dispose();
    }

    private async Task ReceiveLoopAsync()
    {
        var buffer = new byte[RelayWire.MaxFrameSize];
        try
        {
            while (true)
            {
                var length = 0;
                ValueWebSocketReceiveResult result;
                do
                {
                    result = await socket.ReceiveAsync(buffer.AsMemory(length), CancellationToken.None);
                    length += result.Count;
                }
                while (!result.EndOfMessage && result.MessageType != WebSocketMessageType.Close);

                if (result.MessageType == WebSocketMessageType.Close || !RelayFrameCodec.TryDecode(buffer.AsMemory(0, length).ToArray(), out var frame, out _))
                {
                    return;
                }

                if (frame!.Op == RelayOp.Delivery && DeliveryBody.TryParse(frame.Body.Span, out var delivery))
                {
                    deliveries.Writer.TryWrite(delivery!);
                }
                else if (waiting.TryRemove(frame.RequestId, out var pending))
                {
                    pending.TrySetResult(frame);
                }
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            // Closed under us.
        }
        finally
        {
            foreach (var pending in waiting.Values)
            {
                pending.TrySetCanceled();
            }
        }
    }
}
