using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Threading.Channels;
using Offline.Protocol.Wire;

namespace Offline.Relay.Tests.Hosting;

/// <summary>
/// A minimal relay client over the shared frame codec: numbered requests, their answers, pushed
/// deliveries, and the close status when the relay closes. Records its local port (for the
/// no-metadata test). Paced (<see cref="ConnectPacedAsync"/>), the same requests travel as stream
/// frames in cells, and a request sends cells one at a time, each waiting for its one reply cell,
/// until the answer is in; the client counts cells both ways so tests can check the lockstep.
/// </summary>
internal sealed partial class RelayClient : IAsyncDisposable
{
    public static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    private readonly ClientWebSocket socket;
    private readonly HttpMessageInvoker invoker;
    private readonly ConcurrentDictionary<uint, TaskCompletionSource<RelayFrame>> waiting = new();
    private readonly Channel<DeliveryBody> deliveries = Channel.CreateUnbounded<DeliveryBody>();
    private readonly TaskCompletionSource<(WebSocketCloseStatus? Status, string? Description)> closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly SemaphoreSlim sendLock = new(1, 1);
    private readonly ConcurrentQueue<RelayFrame> received = new();
    private readonly CellWriter? upstream;
    private readonly CellReader? downstream;
    private readonly SemaphoreSlim pumpLock = new(1, 1);
    private readonly SemaphoreSlim cellArrived = new(0);
    private Task? receiving;
    private uint nextId;
    private int cellsSent;
    private int cellsReceived;
    private int unsolicitedCells;
    private int lastReplyPayload;

    private RelayClient(ClientWebSocket socket, HttpMessageInvoker invoker, int localPort, int cellSize)
    {
        this.socket = socket;
        this.invoker = invoker;
        LocalPort = localPort;
        if (cellSize != 0)
        {
            upstream = new CellWriter(cellSize);
            downstream = new CellReader(cellSize);
        }
    }

    /// <summary>The cell size of a paced client; 0 for a classic one.</summary>
    public int CellSize => upstream?.CellSize ?? 0;

    public int CellsSent => Volatile.Read(ref cellsSent);

    public int CellsReceived => Volatile.Read(ref cellsReceived);

    /// <summary>Cells that arrived beyond one per cell sent; the lockstep allows none.</summary>
    public int UnsolicitedCells => Volatile.Read(ref unsolicitedCells);

    /// <summary>Every frame received, answers and deliveries, in arrival order.</summary>
    public IReadOnlyList<RelayFrame> Received => [.. received];

    public int LocalPort { get; }

    public WelcomeBody? Welcome { get; private set; }

    public Task<(WebSocketCloseStatus? Status, string? Description)> Closed => closed.Task;

    public static Task<RelayClient> ConnectPacedAsync(Uri uri, int cellSize = 1024) => ConnectAsync(uri, cellSize);

    public static async Task<RelayClient> ConnectAsync(Uri uri, int cellSize = 0)
    {
        var localPort = 0;
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (context, token) =>
            {
                var tcp = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                await tcp.ConnectAsync(new IPEndPoint(IPAddress.Loopback, context.DnsEndPoint.Port), token);
                localPort = ((IPEndPoint)tcp.LocalEndPoint!).Port;
                return new NetworkStream(tcp, ownsSocket: true);
            },
        };
        var invoker = new HttpMessageInvoker(handler);
        var socket = new ClientWebSocket();
        socket.Options.KeepAliveInterval = TimeSpan.Zero;
        using var timeout = new CancellationTokenSource(Wait);
        await socket.ConnectAsync(uri, invoker, timeout.Token);
        var client = new RelayClient(socket, invoker, localPort, cellSize);
        client.receiving = client.ReceiveLoopAsync();
        return client;
    }

    public async Task HelloAsync()
    {
        var answer = await RequestAsync(RelayOp.Hello, []);
        Assert.Equal(RelayOp.Welcome, answer.Op);
        Assert.True(WelcomeBody.TryParse(answer.Body.Span, out var welcome));
        Welcome = welcome;
    }

    public async Task<RelayFrame> RequestAsync(RelayOp op, byte[] body)
    {
        if (upstream is not null)
        {
            var queued = QueueRequest(op, body);
            await PumpUntilAsync(queued);
            return await queued.WaitAsync(Wait);
        }

        var id = Interlocked.Increment(ref nextId);
        var answer = new TaskCompletionSource<RelayFrame>(TaskCreationOptions.RunContinuationsAsynchronously);
        waiting[id] = answer;
        await SendRawAsync(RelayFrameCodec.Encode(op, id, body));
        return await answer.Task.WaitAsync(Wait);
    }

    /// <summary>Sends a request and asserts it got Ok.</summary>
    public async Task OkAsync(RelayOp op, byte[] body)
    {
        var answer = await RequestAsync(op, body);
        Assert.True(answer.Op == RelayOp.Ok, $"{op} answered {answer.Op} {Describe(answer)}");
    }

    /// <summary>Sends a request and returns the error code it got.</summary>
    public async Task<ErrorBody> ErrorAsync(RelayOp op, byte[] body)
    {
        var answer = await RequestAsync(op, body);
        Assert.Equal(RelayOp.Error, answer.Op);
        Assert.True(ErrorBody.TryParse(answer.Body.Span, out var error));
        return error!;
    }

    public async Task SendRawAsync(ReadOnlyMemory<byte> bytes, WebSocketMessageType type = WebSocketMessageType.Binary, bool endOfMessage = true)
    {
        await sendLock.WaitAsync();
        try
        {
            using var timeout = new CancellationTokenSource(Wait);
            await socket.SendAsync(bytes, type, endOfMessage, timeout.Token);
        }
        finally
        {
            sendLock.Release();
        }
    }

    public async Task<DeliveryBody> NextDeliveryAsync()
    {
        using var timeout = new CancellationTokenSource(Wait);
        if (upstream is null)
        {
            return await deliveries.Reader.ReadAsync(timeout.Token);
        }

        // Paced: nothing comes unless a cell asks for it. Cells go back to back while replies carry
        // bytes, and on a short schedule (like a real client's slots, only faster) while they are empty.
        using var schedule = new PeriodicTimer(TimeSpan.FromMilliseconds(5));
        DeliveryBody? delivery;
        while (!deliveries.Reader.TryRead(out delivery))
        {
            timeout.Token.ThrowIfCancellationRequested();
            if (Volatile.Read(ref lastReplyPayload) == 0)
            {
                await schedule.WaitForNextTickAsync(timeout.Token);
            }

            await ExchangeCellAsync();
        }

        return delivery;
    }

    public bool TryTakeDelivery(out DeliveryBody? delivery) => deliveries.Reader.TryRead(out delivery);

    /// <summary>Waits (bounded) for the relay to close this socket and returns its close description.</summary>
    public async Task<string> ClosedReasonAsync()
    {
        var (_, description) = await closed.Task.WaitAsync(Wait);
        return description ?? "";
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (socket.State == WebSocketState.Open)
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", timeout.Token);
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
        invoker.Dispose();
        sendLock.Dispose();
        pumpLock.Dispose();
        cellArrived.Dispose();
    }

    private static string Describe(RelayFrame frame) =>
        frame.Op == RelayOp.Error && ErrorBody.TryParse(frame.Body.Span, out var e) ? $"{e!.Code}: {e.Reason}" : "";

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

                if (result.MessageType == WebSocketMessageType.Close)
                {
                    closed.TrySetResult((socket.CloseStatus, socket.CloseStatusDescription));
                    await AnswerCloseAsync();
                    return;
                }

                if (downstream is not null)
                {
                    AcceptCell(buffer.AsSpan(0, length));
                    continue;
                }

                Assert.True(RelayFrameCodec.TryDecode(buffer.AsMemory(0, length).ToArray(), out var frame, out var error), $"relay sent a bad frame: {error}");
                Dispatch(frame!);
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            closed.TrySetResult((null, null));
        }
        finally
        {
            foreach (var pending in waiting.Values)
            {
                pending.TrySetCanceled();
            }

            // Wakes a paced waiter: no reply cell will come now.
            cellArrived.Release();
        }
    }

    private async Task AnswerCloseAsync()
    {
        try
        {
            await sendLock.WaitAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", timeout.Token);
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The relay already dropped the socket.
        }
        finally
        {
            sendLock.Release();
        }
    }

    private void Dispatch(RelayFrame frame)
    {
        received.Enqueue(frame);
        if (frame.Op == RelayOp.Delivery)
        {
            Assert.True(DeliveryBody.TryParse(frame.Body.Span, out var delivery));
            deliveries.Writer.TryWrite(delivery!);
        }
        else if (waiting.TryRemove(frame.RequestId, out var pending))
        {
            pending.TrySetResult(frame);
        }
    }
}
