using System.Collections.Concurrent;
using System.Net.WebSockets;
using Offline.Protocol.Wire;

namespace Offline.Bench;

/// <summary>A lean relay client: numbered requests, and a callback per delivery.</summary>
internal sealed class BenchClient : IAsyncDisposable
{
    private readonly ClientWebSocket socket = new();
    private readonly ConcurrentDictionary<uint, TaskCompletionSource<RelayFrame>> waiting = new();
    private readonly SemaphoreSlim sendLock = new(1, 1);
    private Task receiving = Task.CompletedTask;
    private uint nextId;

    public Action<DeliveryBody>? OnDelivery { get; set; }

    public static async Task<BenchClient> ConnectAsync(Uri uri)
    {
        var client = new BenchClient();
        client.socket.Options.KeepAliveInterval = TimeSpan.Zero;
        await client.socket.ConnectAsync(uri, CancellationToken.None);
        client.receiving = client.ReceiveLoopAsync();
        var welcome = await client.RequestAsync(RelayOp.Hello, []);
        return welcome.Op == RelayOp.Welcome ? client : throw new InvalidOperationException("no welcome");
    }

    public async Task<RelayFrame> RequestAsync(RelayOp op, byte[] body)
    {
        var id = Interlocked.Increment(ref nextId);
        var answer = new TaskCompletionSource<RelayFrame>(TaskCreationOptions.RunContinuationsAsynchronously);
        waiting[id] = answer;
        await SendAsync(RelayFrameCodec.Encode(op, id, body));
        return await answer.Task.WaitAsync(TimeSpan.FromSeconds(30));
    }

    public async Task SendAsync(byte[] frame)
    {
        await sendLock.WaitAsync();
        try
        {
            await socket.SendAsync(frame, WebSocketMessageType.Binary, true, CancellationToken.None);
        }
        finally
        {
            sendLock.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", timeout.Token);
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
            // Gone already.
        }

        socket.Abort();
        await receiving;
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
                while (!result.EndOfMessage);

                if (result.MessageType == WebSocketMessageType.Close || !RelayFrameCodec.TryDecode(buffer.AsMemory(0, length).ToArray(), out var frame, out _))
                {
                    return;
                }

                if (frame!.Op == RelayOp.Delivery && DeliveryBody.TryParse(frame.Body.Span, out var delivery))
                {
                    OnDelivery?.Invoke(delivery!);
                }
                else if (waiting.TryRemove(frame.RequestId, out var pending))
                {
                    pending.TrySetResult(frame);
                }
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            // Closed.
        }
    }
}
