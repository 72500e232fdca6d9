using System.Net;
using System.Net.WebSockets;
using Offline.Protocol.Identity;
using Offline.Protocol.Primitives;
using Offline.Protocol.Wire;

namespace Offline.EndToEnd.Tests.Infrastructure;

/// <summary>
/// A relay that misbehaves on purpose: it speaks the frame protocol (classic or paced) correctly and accepts publishes and
/// queues, but either answers every FetchBundle with the bundle of an identity of its own (a key
/// substitution), or hands out the real bundles and refuses every Send ("queue is full"). In-process,
/// on a free 127.0.0.1 port; stopped on Dispose.
/// </summary>
internal sealed class HostileRelay : IDisposable
{
    private readonly HttpListener listener = new();
    private readonly CancellationTokenSource stopping = new();
    private readonly byte[] substitute;
    private readonly bool substituteKeys;
    private readonly Dictionary<string, byte[]> published = [];
    private readonly Task serving;

    public HostileRelay(bool substituteKeys)
    {
        this.substituteKeys = substituteKeys;
        using var impostor = IdentityKeyPair.Generate(SystemRandom.Instance);
        using var prekeys = PrekeySet.Generate(impostor, SystemRandom.Instance, 1);
        substitute = prekeys.Bundle.Encode();
        Port = RelayProcess.FreePort();
        listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        listener.Start();
        serving = Task.Run(ServeAsync);
    }

    public int Port { get; }

    public string Url => $"ws://127.0.0.1:{Port}";

    public void Dispose()
    {
        stopping.Cancel();
        listener.Stop();
        listener.Close();
        serving.Wait(TimeSpan.FromSeconds(10));
        stopping.Dispose();
    }

    private async Task ServeAsync()
    {
        var connections = new List<Task>();
        while (!stopping.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                break;
            }

            connections.Add(Task.Run(() => ConnectionAsync(context)));
        }

        await Task.WhenAll(connections).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private async Task ConnectionAsync(HttpListenerContext context)
    {
        var socket = (await context.AcceptWebSocketAsync(null)).WebSocket;
        var buffer = new byte[RelayWire.MaxFrameSize];
        CellReader? cells = null;
        CellWriter? replies = null;
        try
        {
            while (socket.State == WebSocketState.Open)
            {
                var length = 0;
                ValueWebSocketReceiveResult result;
                do
                {
                    result = await socket.ReceiveAsync(buffer.AsMemory(length), stopping.Token);
                    length += result.Count;
                }
                while (!result.EndOfMessage && result.MessageType != WebSocketMessageType.Close);

                if (result.MessageType == WebSocketMessageType.Close || length == 0)
                {
                    break;
                }

                // A paced client (first byte 0x02) gets one cell back per cell, like the real relay.
                if (cells is not null || buffer[0] == CellWire.Version)
                {
                    cells ??= new CellReader();
                    replies ??= new CellWriter(length);
                    var frames = new List<RelayFrame>();
                    if (cells.Accept(buffer.AsSpan(0, length), frames) != CellError.None)
                    {
                        break;
                    }

                    foreach (var request in frames)
                    {
                        var (op, body) = Answer(request.Op, request.Body.ToArray());
                        replies.Enqueue(CellWire.EncodeStreamFrame(op, request.RequestId, body));
                    }

                    await socket.SendAsync(replies.NextCell(), WebSocketMessageType.Binary, true, stopping.Token);
                    continue;
                }

                if (!RelayFrameCodec.TryDecode(buffer.AsMemory(0, length), out var frame, out _))
                {
                    break;
                }

                var (answerOp, answerBody) = Answer(frame!.Op, frame.Body.ToArray());
                await socket.SendAsync(RelayFrameCodec.Encode(answerOp, frame.RequestId, answerBody), WebSocketMessageType.Binary, true, stopping.Token);
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or HttpListenerException)
        {
            // The client went away, or the test is over.
        }
        finally
        {
            socket.Dispose();
        }
    }

    private (RelayOp Op, byte[] Body) Answer(RelayOp request, byte[] body)
    {
        switch (request)
        {
            case RelayOp.Hello:
                return (RelayOp.Welcome, new WelcomeBody(new byte[32], new byte[32]).Encode());
            case RelayOp.PublishBundle when PublishBundleRequest.TryParse(body, out var publish) && PrekeyBundle.TryParse(publish!.Bundle, out var bundle, out _):
                lock (published)
                {
                    published[Convert.ToHexString(bundle!.Id.Fingerprint)] = publish.Bundle;
                }

                return (RelayOp.Ok, []);
            case RelayOp.FetchBundle:
                lock (published)
                {
                    return (RelayOp.Bundle, substituteKeys ? substitute : published[Convert.ToHexString(body)]);
                }

            case RelayOp.Ping:
                return (RelayOp.Pong, []);
            case RelayOp.Send:
                return (RelayOp.Error, new ErrorBody(RelayErrorCode.QuotaExceeded, "queue is full").Encode());
            default:
                return (RelayOp.Ok, []);
        }
    }
}
