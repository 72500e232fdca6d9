using System.Net;
using System.Net.WebSockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Offline.Protocol.Wire;
using Offline.Web.Tests.Browser;

namespace Offline.Web.Tests.App;

/// <summary>
/// A relay from before canaries, as the browser sees it: a loopback origin serving this checkout's app at
/// /app and passing /ws through to the real relay message for message, except that a FetchCanary (op 0x0B)
/// from the client, in a classic frame or inside cells, closes the connection, as a relay that does not know
/// the op does. <see cref="FetchCanaryClosures"/> counts those closes.
/// </summary>
internal sealed class PreCanaryRelayProxy : IAsyncDisposable
{
    private const int MaxMessageBytes = 64 * 1024;
    private readonly WebApplication app;
    private int closures;

    private PreCanaryRelayProxy(WebApplication app, Uri origin)
    {
        this.app = app;
        Origin = origin;
    }

    public Uri Origin { get; }

    public Uri FastAppUrl => new(Origin, "/app?slot=250");

    public int FetchCanaryClosures => Volatile.Read(ref closures);

    public static async Task<PreCanaryRelayProxy> StartAsync(RelayServer relay)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.UseWebSockets();
        PreCanaryRelayProxy? proxy = null;
        app.MapGet("/app", async context =>
        {
            context.Response.ContentType = "text/html; charset=utf-8";
            await context.Response.SendFileAsync(BrowserFixture.WebAppPath);
        });
        app.Map("/ws", async context =>
        {
            if (!context.WebSockets.IsWebSocketRequest)
            {
                context.Response.StatusCode = StatusCodes.Status400BadRequest;
                return;
            }

            using var browserSide = await context.WebSockets.AcceptWebSocketAsync();
            using var relaySide = new ClientWebSocket();
            await relaySide.ConnectAsync(new Uri(relay.WebSocketUrl + "/ws"), context.RequestAborted);
            await proxy!.PumpAsync(browserSide, relaySide, context.RequestAborted);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single().Replace("[::]", "127.0.0.1", StringComparison.Ordinal);
        proxy = new PreCanaryRelayProxy(app, new Uri(address));
        return proxy;
    }

    private async Task PumpAsync(WebSocket browserSide, WebSocket relaySide, CancellationToken cancel)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        var cells = new CellReader();
        var upstream = CopyAsync(browserSide, relaySide, message => AsksForCanary(message, cells), stop.Token);
        var downstream = CopyAsync(relaySide, browserSide, _ => false, stop.Token);
        await Task.WhenAny(upstream, downstream);
        await stop.CancelAsync();
        browserSide.Abort();
        relaySide.Abort();
        await Task.WhenAll(upstream, downstream).ContinueWith(_ => { }, TaskScheduler.Default);
    }

    /// <summary>True when this client message carries a FetchCanary: a classic frame of op 0x0B, or a cell completing one.</summary>
    private bool AsksForCanary(byte[] message, CellReader cells)
    {
        var asks = message.Length > 1 && message[0] == 0x01
            ? message[1] == (byte)RelayOp.FetchCanary
            : Frames(message, cells).Any(f => f.Op == RelayOp.FetchCanary);
        if (asks)
        {
            Interlocked.Increment(ref closures);
        }

        return asks;
    }

    private static List<RelayFrame> Frames(byte[] cell, CellReader cells)
    {
        var frames = new List<RelayFrame>();
        cells.Accept(cell, frames);
        return frames;
    }

    /// <summary>Copies whole messages until either side closes or <paramref name="closeOn"/> says to drop the connection.</summary>
    private static async Task CopyAsync(WebSocket from, WebSocket to, Func<byte[], bool> closeOn, CancellationToken cancel)
    {
        var buffer = new byte[MaxMessageBytes];
        while (true)
        {
            var length = 0;
            ValueWebSocketReceiveResult received;
            do
            {
                received = await from.ReceiveAsync(buffer.AsMemory(length), cancel);
                length += received.Count;
            }
            while (!received.EndOfMessage && length < buffer.Length);

            if (received.MessageType == WebSocketMessageType.Close)
            {
                return;
            }

            var message = buffer[..length];
            if (closeOn(message))
            {
                return;
            }

            await to.SendAsync(message, WebSocketMessageType.Binary, endOfMessage: true, cancel);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
