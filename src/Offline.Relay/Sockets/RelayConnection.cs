using System.Buffers;
using System.Diagnostics;
using System.Net.WebSockets;
using System.Threading.Channels;
using Offline.Protocol.Wire;
using Offline.Relay.Canary;
using Offline.Relay.Chunks;
using Offline.Relay.Directory;
using Offline.Relay.Limits;
using Offline.Relay.Mailboxes;
using Offline.Relay.Store;

namespace Offline.Relay.Sockets;

/// <summary>
/// One client socket: reads frames one at a time, answers each in order, and pushes deliveries for
/// the queues it subscribed to. Any frame-level violation closes this socket alone, with a reason
/// a person can read. It holds nothing about the client but the socket itself. A connection whose
/// first message is a cell is paced (RelayConnection.Paced.cs): the same frames travel inside
/// cells, and nothing is sent but one cell per cell received.
/// </summary>
internal sealed partial class RelayConnection : IMailboxSubscriber
{
    /// <summary>After the relay sends its close, the client has this long to answer before the socket is aborted.</summary>
    private static readonly TimeSpan CloseGrace = TimeSpan.FromSeconds(5);

    /// <summary>The first read of every frame uses a buffer this small, so an idle socket holds little memory.</summary>
    private const int FirstReadSize = 1024;

    private readonly WebSocket socket;
    private readonly RelayLimits limits;
    private readonly MailboxService mailboxes;
    private readonly DirectoryService directory;
    private readonly CanaryFile canary;
    private readonly ChunkService chunks;
    private readonly Channel<byte[]> outbox;
    private readonly CancellationTokenSource lifetime;
    private readonly FrameRate rate;
    private readonly FrameRate chunkRate;
    private readonly HashSet<QueueAddress> subscriptions = [];
    private readonly byte[] firstRead = new byte[FirstReadSize];
    private readonly long openedAt = Stopwatch.GetTimestamp();
    private bool modeDecided;
    private PacedStream? paced;
    private byte[]? challenge;
    private int chunksStored;
    private int closing;
    private WebSocketCloseStatus closeStatus;
    private string? closeReason;

    public RelayConnection(WebSocket socket, RelayLimits limits, MailboxService mailboxes, DirectoryService directory, CanaryFile canary, ChunkService chunks, CancellationToken aborted)
    {
        this.socket = socket;
        this.limits = limits;
        this.mailboxes = mailboxes;
        this.directory = directory;
        this.canary = canary;
        this.chunks = chunks;
        outbox = Channel.CreateBounded<byte[]>(new BoundedChannelOptions(limits.OutboundFrames) { SingleReader = true });
        lifetime = CancellationTokenSource.CreateLinkedTokenSource(aborted);
        rate = new FrameRate(limits.FramesPerSecond, limits.FrameBurst);
        chunkRate = new FrameRate(limits.ChunksPerSecond, limits.ChunkBurst);
    }

    public async Task RunAsync()
    {
        var writing = WriteLoopAsync();
        try
        {
            await ReadLoopAsync();
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or IOException)
        {
            // The client vanished or the close grace ran out; nothing to report.
        }
        finally
        {
            foreach (var address in subscriptions)
            {
                mailboxes.Unsubscribe(address, this);
            }

            outbox.Writer.TryComplete();
            await writing;
            lifetime.Dispose();
        }
    }

    public void Deliver(QueueAddress address, StoredMessage message)
    {
        if (Volatile.Read(ref closing) != 0)
        {
            return;
        }

        var body = new DeliveryBody(address.ToBytes(), message.Id, message.Ciphertext).Encode();
        if (paced is not null)
        {
            // Never pushed: it waits in the stream for the client's next cell, or, over the backlog cap, in the store.
            paced.TryQueueDelivery(body);
            return;
        }

        if (!outbox.Writer.TryWrite(RelayFrameCodec.Encode(RelayOp.Delivery, 0, body)))
        {
            RequestClose(WebSocketCloseStatus.PolicyViolation, "client reads too slowly: outbound queue full");
        }
    }

    /// <summary>Stops taking frames, sends what is queued, then the close; aborts if the client does not answer in time.</summary>
    private void RequestClose(WebSocketCloseStatus status, string reason)
    {
        if (Interlocked.Exchange(ref closing, 1) != 0)
        {
            return;
        }

        (closeStatus, closeReason) = (status, reason);
        outbox.Writer.TryComplete();
        try
        {
            lifetime.CancelAfter(CloseGrace);
        }
        catch (ObjectDisposedException)
        {
            // Already finished.
        }
    }

    private async Task WriteLoopAsync()
    {
        try
        {
            await foreach (var frame in outbox.Reader.ReadAllAsync(lifetime.Token))
            {
                await socket.SendAsync(frame, WebSocketMessageType.Binary, true, lifetime.Token);
            }

            if (closeReason is not null && socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                await socket.CloseOutputAsync(closeStatus, closeReason, lifetime.Token);
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or IOException or ObjectDisposedException)
        {
            // The socket is gone; the read loop ends too.
        }
    }

    private async Task ReadLoopAsync()
    {
        while (socket.State is WebSocketState.Open or WebSocketState.CloseSent)
        {
            using var deadline = new CancellationTokenSource(NextDeadline());
            using var onDeadline = deadline.Token.Register(() => RequestClose(
                WebSocketCloseStatus.PolicyViolation,
                challenge is null ? $"Hello must arrive within {limits.HelloTimeoutSeconds} s"
                    : $"idle timeout: no {(paced is null ? "frame" : "cell")} for {limits.IdleTimeoutSeconds} s"));

            var first = await socket.ReceiveAsync(firstRead.AsMemory(), lifetime.Token);
            if (first.MessageType == WebSocketMessageType.Close)
            {
                RequestClose(WebSocketCloseStatus.NormalClosure, "closed by client");
                return;
            }

            if (Volatile.Read(ref closing) != 0)
            {
                continue; // Draining until the client answers our close.
            }

            if (first.MessageType == WebSocketMessageType.Text)
            {
                RequestClose(WebSocketCloseStatus.InvalidMessageType, "text frames are not accepted; binary frames only");
                continue;
            }

            await ReadRestAndHandleAsync(first);
        }
    }

    /// <summary>
    /// Hello counts from the opening (empty cells before it do not extend it); after Hello, each
    /// message (frame or cell) restarts the idle timeout.
    /// </summary>
    private TimeSpan NextDeadline()
    {
        if (challenge is not null)
        {
            return TimeSpan.FromSeconds(limits.IdleTimeoutSeconds);
        }

        var left = TimeSpan.FromSeconds(limits.HelloTimeoutSeconds) - Stopwatch.GetElapsedTime(openedAt);
        return left > TimeSpan.Zero ? left : TimeSpan.Zero;
    }

    private async Task ReadRestAndHandleAsync(ValueWebSocketReceiveResult first)
    {
        if (first.EndOfMessage)
        {
            await HandleAsync(firstRead.AsMemory(0, first.Count));
            return;
        }

        var buffer = ArrayPool<byte>.Shared.Rent(limits.MaxFrameBytes + 1);
        try
        {
            firstRead.AsSpan(0, first.Count).CopyTo(buffer);
            var length = first.Count;
            var end = false;
            while (!end && length <= limits.MaxFrameBytes)
            {
                var more = await socket.ReceiveAsync(buffer.AsMemory(length, limits.MaxFrameBytes + 1 - length), lifetime.Token);
                if (more.MessageType == WebSocketMessageType.Close)
                {
                    RequestClose(WebSocketCloseStatus.NormalClosure, "closed by client");
                    return;
                }

                length += more.Count;
                end = more.EndOfMessage;
            }

            if (length > limits.MaxFrameBytes)
            {
                RequestClose(WebSocketCloseStatus.MessageTooBig, $"frame larger than {limits.MaxFrameBytes / 1024} KiB");
                return;
            }

            await HandleAsync(buffer.AsMemory(0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer, clearArray: true);
        }
    }

    private async Task SendAsync(RelayOp op, uint requestId, byte[] body)
    {
        if (paced is not null)
        {
            paced.QueueAnswer(op, requestId, body);
            return;
        }

        try
        {
            await outbox.Writer.WriteAsync(RelayFrameCodec.Encode(op, requestId, body), lifetime.Token);
        }
        catch (ChannelClosedException)
        {
            // Closing: the answer is dropped with the connection.
        }
    }
}
