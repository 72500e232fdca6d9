using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Threading.Channels;
using Offline.Client.Traffic;
using Offline.Protocol.Wire;

namespace Offline.Client.Transport;

/// <summary>
/// One WebSocket connection to a relay, speaking the padded frame protocol (docs/PROTOCOL.md, Part 2),
/// or on a paced <see cref="TrafficProfile"/> the same frames as a stream inside fixed-size cells sent
/// by an <see cref="OutboundScheduler"/> (RelayClient.Paced.cs). Requests carry increasing ids and are matched to their answers; an Error answer becomes a
/// <see cref="RelayException"/> (<see cref="RelayFailure.Refused"/>); pushed deliveries arrive on
/// <see cref="Deliveries"/> in the order the relay sent them, before any answer sent after them.
/// </summary>
public sealed partial class RelayClient : IAsyncDisposable
{
    private readonly ClientWebSocket socket;
    private readonly ConcurrentDictionary<uint, TaskCompletionSource<RelayFrame>> pending = new();
    private readonly Channel<DeliveryBody> deliveries = Channel.CreateUnbounded<DeliveryBody>(new UnboundedChannelOptions { SingleWriter = true });
    private readonly SemaphoreSlim writeLock = new(1, 1);
    private readonly CancellationTokenSource stopping = new();
    private readonly TimeSpan requestTimeout;
    private Task reader = Task.CompletedTask;
    private RelayException? closedBecause;
    private int nextRequestId;

    private RelayClient(Uri endpoint, ClientWebSocket socket, TimeSpan requestTimeout, TrafficProfile profile)
    {
        Endpoint = endpoint;
        this.socket = socket;
        this.requestTimeout = requestTimeout;
        Profile = profile;
        if (profile.Paced)
        {
            cells = new CellWriter(profile.CellSize);
            cellReader = new CellReader(profile.CellSize);
            Scheduler = new OutboundScheduler(cells, profile.SlotPeriod, SendCellAsync);
        }
    }

    /// <summary>How this connection looks on the wire; <see cref="TrafficProfile.Off"/> is the classic protocol.</summary>
    public TrafficProfile Profile { get; }

    /// <summary>The WebSocket address actually used (the relay's `/ws`).</summary>
    public Uri Endpoint { get; }

    /// <summary>This connection's publish challenge from Welcome; signed into a PublishBundle.</summary>
    public byte[] Challenge { get; private set; } = [];

    /// <summary>Messages of subscribed queues, as pushed by the relay. Completes when the connection ends.</summary>
    public ChannelReader<DeliveryBody> Deliveries => deliveries.Reader;

    public bool IsConnected => closedBecause is null && socket.State == WebSocketState.Open;

    /// <summary>`ws://host:port` (or http/https, or with a path) to the relay's WebSocket endpoint.</summary>
    public static Uri EndpointFor(string relay)
    {
        if (!Uri.TryCreate(relay, UriKind.Absolute, out var uri) || uri.Scheme is not ("ws" or "wss" or "http" or "https"))
        {
            throw new ArgumentException($"'{relay}' is not a relay address; use ws://HOST:PORT (for example ws://127.0.0.1:8080).", nameof(relay));
        }

        var builder = new UriBuilder(uri) { Scheme = uri.Scheme is "https" or "wss" ? "wss" : "ws" };
        if (builder.Path is "" or "/")
        {
            builder.Path = "/ws";
        }

        return builder.Uri;
    }

    /// <summary>
    /// Connects and says Hello. Throws <see cref="RelayException"/> (<see cref="RelayFailure.Unreachable"/>) when no
    /// relay answers. <paramref name="proxy"/>: for example a fresh <c>Tor.TorProxy.ForNewCircuit</c> per connection.
    /// <paramref name="profile"/>: null or <see cref="TrafficProfile.Off"/> for classic frames; a paced profile
    /// sends Hello in the first cell, after its jitter, and every message after it in the schedule.
    /// </summary>
    public static Task<RelayClient> ConnectAsync(string relay, TimeSpan timeout, CancellationToken cancellationToken, System.Net.IWebProxy? proxy = null, TrafficProfile? profile = null) =>
        ConnectPipelinedAsync(relay, timeout, proxy, profile, pipelined: null, cancellationToken);

    /// <summary>
    /// As the public <see cref="ConnectAsync(string, TimeSpan, CancellationToken, System.Net.IWebProxy?, TrafficProfile?)"/>;
    /// <paramref name="pipelined"/> queues requests right behind Hello before the schedule starts, so on a
    /// paced connection they ride in the first cell with it (a bulk connection's first chunk requests).
    /// </summary>
    internal static async Task<RelayClient> ConnectPipelinedAsync(string relay, TimeSpan timeout, System.Net.IWebProxy? proxy, TrafficProfile? profile, Action<RelayClient>? pipelined, CancellationToken cancellationToken)
    {
        profile ??= TrafficProfile.Off;
        var endpoint = EndpointFor(relay);
        var socket = new ClientWebSocket();
        socket.Options.KeepAliveInterval = TimeSpan.Zero; // WebSocket pings would be unpadded; we send Ping frames.
        if (proxy is not null)
        {
            socket.Options.Proxy = proxy;
        }

        using var connectTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        connectTimeout.CancelAfter(timeout);
        try
        {
            await socket.ConnectAsync(endpoint, connectTimeout.Token);
        }
        catch (Exception e) when (e is WebSocketException or HttpRequestException or IOException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            socket.Dispose();
            throw new RelayException(RelayFailure.Unreachable, $"Cannot reach the relay at {relay}: {Reason(e)}.", null, e);
        }

        var client = new RelayClient(endpoint, socket, timeout, profile);
        client.reader = Task.Run(client.ReadLoopAsync, CancellationToken.None);
        try
        {
            // On a paced connection Hello is queued before the schedule starts, so it rides in the first cell.
            var hello = client.RequestAsync(RelayOp.Hello, [], RelayOp.Welcome, cancellationToken);
            pipelined?.Invoke(client);
            client.StartSchedule();
            var welcome = await hello;
            if (!WelcomeBody.TryParse(welcome.Span, out var body))
            {
                throw new RelayException(RelayFailure.ProtocolViolation, $"{relay} answered Hello with a malformed Welcome; is it an Offline relay?");
            }

            client.Challenge = body!.Challenge;
            return client;
        }
        catch
        {
            await client.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopScheduleAsync();
        if (socket.State == WebSocketState.Open)
        {
            using var closeTimeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            try
            {
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", closeTimeout.Token);
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException or IOException)
            {
                // Closing is best effort: the relay keeps nothing about this connection.
            }
        }

        await stopping.CancelAsync();
        socket.Abort();
        await reader.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        socket.Dispose();
        stopping.Dispose();
        scheduleStopping.Dispose();
        writeLock.Dispose();
    }

    /// <summary>Sends one request and returns the body of its answer, which must be <paramref name="expected"/>.</summary>
    private async Task<ReadOnlyMemory<byte>> RequestAsync(RelayOp op, byte[] body, RelayOp expected, CancellationToken cancellationToken) =>
        (await RequestWithEndAsync(op, body, expected, cancellationToken)).Body;

    /// <summary>
    /// As <see cref="RequestAsync"/>, and on a paced connection where the request's last byte sits in the
    /// outgoing stream (0 on a classic one). The request is written (queued) before the first await, so
    /// requests leave in the order they are made even when their answers are not awaited.
    /// </summary>
    /// <param name="answerCells">On a paced connection, the cells the relay needs for what it sends before and with this answer beyond a few (a chunk answer spans many 1 KiB cells): added to the wait.</param>
    private async Task<(ReadOnlyMemory<byte> Body, long StreamEnd)> RequestWithEndAsync(RelayOp op, byte[] body, RelayOp expected, CancellationToken cancellationToken, long answerCells = 0)
    {
        if (closedBecause is not null)
        {
            throw closedBecause;
        }

        var id = unchecked((uint)Interlocked.Increment(ref nextRequestId));
        var answer = new TaskCompletionSource<RelayFrame>(TaskCreationOptions.RunContinuationsAsynchronously);
        pending[id] = answer;
        var timeout = AnswerTimeout() + (Scheduler is null ? TimeSpan.Zero : Scheduler.Period * answerCells);
        try
        {
            var streamEnd = cells is null ? await WriteAsync(RelayFrameCodec.Encode(op, id, body), cancellationToken) : Enqueue(op, id, body);
            var frame = await answer.Task.WaitAsync(timeout, cancellationToken);
            if (frame.Op == RelayOp.Error)
            {
                throw Refusal(op, frame.Body.Span);
            }

            return frame.Op == expected
                ? (frame.Body, streamEnd)
                : throw new RelayException(RelayFailure.ProtocolViolation, $"The relay answered {op} with {frame.Op}.");
        }
        catch (TimeoutException e)
        {
            throw new RelayException(RelayFailure.ConnectionLost, $"The relay did not answer {op} within {timeout.TotalSeconds:0} s.", null, e);
        }
        finally
        {
            pending.TryRemove(id, out _);
        }
    }

    private async Task<long> WriteAsync(byte[] frame, CancellationToken cancellationToken)
    {
        await writeLock.WaitAsync(cancellationToken);
        try
        {
            await socket.SendAsync(frame, WebSocketMessageType.Binary, endOfMessage: true, cancellationToken);
            return 0;
        }
        catch (Exception e) when (e is WebSocketException or IOException or ObjectDisposedException)
        {
            throw closedBecause ?? new RelayException(RelayFailure.ConnectionLost, $"Lost the connection to the relay: {Reason(e)}.", null, e);
        }
        finally
        {
            writeLock.Release();
        }
    }

    private static RelayException Refusal(RelayOp op, ReadOnlySpan<byte> body) =>
        ErrorBody.TryParse(body, out var error)
            ? new RelayException(RelayFailure.Refused, $"The relay refused {op}: {error!.Reason} ({error.Code}).", error.Code)
            : new RelayException(RelayFailure.ProtocolViolation, $"The relay refused {op} with a malformed Error frame.");

    private static string Reason(Exception e) => e switch
    {
        OperationCanceledException => "no answer in time",
        WebSocketException { InnerException: { } inner } => inner.Message.TrimEnd('.'),
        _ => e.Message.TrimEnd('.'),
    };
}
