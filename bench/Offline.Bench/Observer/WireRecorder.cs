using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Offline.Observer;

/// <summary>Which way a recorded frame went.</summary>
public enum WireDirection
{
    /// <summary>Client to relay.</summary>
    Up,

    /// <summary>Relay to client.</summary>
    Down,
}

/// <summary>
/// One WebSocket frame as a network observer sees it: when its last byte passed, which way, its
/// WebSocket opcode and its payload length (what a TLS record length would reveal). No content.
/// </summary>
public readonly record struct WireFrame(TimeSpan At, WireDirection Direction, int Opcode, long PayloadLength);

/// <summary>
/// A recording TCP proxy on 127.0.0.1: a client connects to <see cref="Port"/> instead of the relay;
/// bytes pass through unchanged both ways, and the proxy notes, per accepted connection, the size
/// and time of every WebSocket frame after the HTTP upgrade (a connection the relay does not upgrade,
/// such as a plain GET of /app, records no frames). It is the observer of the traffic-shape
/// promises: it sees exactly what someone on the path sees (sizes and times), and nothing else.
/// Shared by the observer benchmark and the tests (linked into test projects).
/// </summary>
public sealed class WireRecorder : IAsyncDisposable
{
    private readonly TcpListener listener;
    private readonly IPEndPoint target;
    private readonly CancellationTokenSource stopping = new();
    private readonly ConcurrentBag<Task> pumps = [];
    private readonly ConcurrentQueue<WireConnection> connections = new();
    private readonly Task accepting;
    private readonly Stopwatch clock;

    /// <param name="relayPort">The relay's port on 127.0.0.1.</param>
    /// <param name="clock">A shared clock when several recorders must be compared (the linking attack); else a new one.</param>
    public WireRecorder(int relayPort, Stopwatch? clock = null)
    {
        target = new IPEndPoint(IPAddress.Loopback, relayPort);
        this.clock = clock ?? Stopwatch.StartNew();
        listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        accepting = AcceptLoopAsync();
    }

    public int Port => ((IPEndPoint)listener.LocalEndpoint).Port;

    /// <summary>The relay address a client should use to be observed.</summary>
    public string RelayUrl => $"ws://127.0.0.1:{Port}";

    /// <summary>Every connection accepted so far, in the order they were accepted.</summary>
    public IReadOnlyList<WireConnection> Connections => [.. connections];

    /// <summary>Every frame of every connection, ordered by time.</summary>
    public IReadOnlyList<WireFrame> Frames => [.. connections.SelectMany(c => c.Frames).OrderBy(f => f.At)];

    public TimeSpan Now => clock.Elapsed;

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        listener.Stop();
        await accepting.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await Task.WhenAll(pumps).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        stopping.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!stopping.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync(stopping.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            pumps.Add(RelayOneAsync(client));
        }
    }

    private async Task RelayOneAsync(TcpClient client)
    {
        var connection = new WireConnection(connections.Count, clock);
        connections.Enqueue(connection);
        using (client)
        using (var upstream = new TcpClient())
        {
            try
            {
                client.NoDelay = true;
                upstream.NoDelay = true;
                await upstream.ConnectAsync(target, stopping.Token);

                // Closing both sockets is what ends a pump blocked in a read: on the recorder's dispose, or
                // when either side goes away.
                using var ended = CancellationTokenSource.CreateLinkedTokenSource(stopping.Token);
                using var closeBoth = ended.Token.Register(() =>
                {
                    client.Close();
                    upstream.Close();
                });
                var up = Pump(client.GetStream(), upstream.GetStream(), connection.Up, ended);
                var down = Pump(upstream.GetStream(), client.GetStream(), connection.Down, ended);
                await Task.WhenAll(up, down);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or IOException or ObjectDisposedException)
            {
                // One side went away; the recording keeps what passed.
            }
            finally
            {
                connection.Closed = clock.Elapsed;
            }
        }
    }

    /// <summary>
    /// One direction on its own thread, with blocking reads: a frame is stamped as soon as the kernel hands
    /// its bytes over, not when a busy thread pool gets round to the read's continuation. On a loaded machine
    /// (tests run browsers, relays and clients side by side) an async pump stamps cells that were sent
    /// hundreds of milliseconds apart as one read, which is the host's delay, not the client's schedule.
    /// </summary>
    private static Task Pump(NetworkStream from, NetworkStream to, WebSocketFrameParser parser, CancellationTokenSource ended) =>
        Task.Factory.StartNew(
            () =>
            {
                var buffer = new byte[64 * 1024];
                try
                {
                    while (true)
                    {
                        var read = from.Read(buffer);
                        if (read == 0)
                        {
                            break;
                        }

                        parser.Feed(buffer.AsSpan(0, read));
                        to.Write(buffer.AsSpan(0, read));
                    }
                }
                catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
                {
                    // Either side closed.
                }
                finally
                {
                    ended.Cancel();
                }
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);
}

/// <summary>One observed TCP connection: its frames both ways, and when it opened and closed.</summary>
public sealed class WireConnection
{
    private readonly ConcurrentQueue<WireFrame> frames = new();
    private volatile bool isWebSocket;

    internal WireConnection(int index, Stopwatch clock)
    {
        Index = index;
        Opened = clock.Elapsed;
        Up = new WebSocketFrameParser(WireDirection.Up, clock, frames, this);
        Down = new WebSocketFrameParser(WireDirection.Down, clock, frames, this);
    }

    /// <summary>
    /// True once the relay's HTTP response status line is <c>HTTP/1.1 101</c> (the WebSocket upgrade);
    /// a connection whose response is anything else stays false and records no frames either way.
    /// </summary>
    public bool IsWebSocket
    {
        get => isWebSocket;
        internal set => isWebSocket = value;
    }

    public int Index { get; }

    public TimeSpan Opened { get; }

    public TimeSpan? Closed { get; internal set; }

    public IReadOnlyList<WireFrame> Frames => [.. frames.OrderBy(f => f.At)];

    /// <summary>Binary data frames only (opcode 2), the ones the protocol sends.</summary>
    public IReadOnlyList<WireFrame> DataFrames => [.. Frames.Where(f => f.Opcode == 2)];

    internal WebSocketFrameParser Up { get; }

    internal WebSocketFrameParser Down { get; }
}

/// <summary>
/// Follows one direction of a connection byte by byte: skips the HTTP request or response (up to the
/// blank line), then, on a WebSocket connection only (the response's status line was
/// <c>HTTP/1.1 101</c>), reads each frame header (RFC 6455 §5.2), counts its payload and records the
/// frame when its last byte has passed. Any other connection's bytes are passed over unrecorded.
/// </summary>
/// <remarks>
/// The client sends no frame before it has the 101 (RFC 6455 §4.1), and the proxy feeds the response
/// to the down parser before passing it on, so <see cref="WireConnection.IsWebSocket"/> is settled by
/// the time the up direction's first frame byte comes.
/// </remarks>
internal sealed class WebSocketFrameParser(WireDirection direction, Stopwatch clock, ConcurrentQueue<WireFrame> sink, WireConnection connection)
{
    private readonly byte[] header = new byte[14];
    private int headerEnd;
    private bool inHttp = true;
    private bool notWebSocket;
    private int statusMatched;
    private int crlfMatched;
    private int headerHave;
    private long payloadLeft = -1;
    private int opcode;
    private long payloadLength;

    /// <summary>How the relay's response must begin for the connection to be a WebSocket one.</summary>
    private static ReadOnlySpan<byte> SwitchingProtocols => "HTTP/1.1 101"u8;

    public void Feed(ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes)
        {
            if (notWebSocket)
            {
                continue;
            }

            if (inHttp)
            {
                if (direction == WireDirection.Down && statusMatched <= SwitchingProtocols.Length)
                {
                    // The status line: "HTTP/1.1 101", then the space before the reason (or the line's end).
                    var expected = statusMatched < SwitchingProtocols.Length
                        ? b == SwitchingProtocols[statusMatched]
                        : b is (byte)' ' or (byte)'\r';
                    if (!expected)
                    {
                        notWebSocket = true;
                        continue;
                    }

                    if (++statusMatched > SwitchingProtocols.Length)
                    {
                        connection.IsWebSocket = true;
                    }
                }

                // The request or response head ends with CR LF CR LF.
                crlfMatched = b == (crlfMatched % 2 == 0 ? (byte)'\r' : (byte)'\n') ? crlfMatched + 1 : (b == '\r' ? 1 : 0);
                if (crlfMatched == 4)
                {
                    inHttp = false;
                }

                continue;
            }

            if (!connection.IsWebSocket)
            {
                // Up: a request body or a further request on a connection that was not upgraded.
                continue;
            }

            if (payloadLeft > 0)
            {
                if (--payloadLeft == 0)
                {
                    Record();
                }

                continue;
            }

            header[headerHave++] = b;
            if (headerHave == 2)
            {
                var len7 = header[1] & 0x7f;
                var masked = (header[1] & 0x80) != 0;
                headerEnd = 2 + (len7 == 126 ? 2 : len7 == 127 ? 8 : 0) + (masked ? 4 : 0);
            }

            if (headerHave >= 2 && headerHave == headerEnd)
            {
                opcode = header[0] & 0x0f;
                var len7 = header[1] & 0x7f;
                payloadLength = len7 switch
                {
                    126 => (header[2] << 8) | header[3],
                    127 => (long)System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(header.AsSpan(2)),
                    _ => len7,
                };
                headerHave = 0;
                payloadLeft = payloadLength;
                if (payloadLeft == 0)
                {
                    Record();
                }
            }
        }
    }

    private void Record()
    {
        sink.Enqueue(new WireFrame(clock.Elapsed, direction, opcode, payloadLength));
        payloadLeft = -1;
    }
}
