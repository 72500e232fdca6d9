using Offline.Relay.Canary;
using Offline.Relay.Chunks;
using Offline.Relay.Directory;
using Offline.Relay.Limits;
using Offline.Relay.Mailboxes;

namespace Offline.Relay.Sockets;

internal static class RelaySocketEndpoints
{
    public const string Path = "/ws";

    public static IServiceCollection AddRelaySockets(this IServiceCollection services) =>
        services.AddSingleton<ConnectionGate>();

    /// <summary>
    /// The one WebSocket endpoint. No server keep-alive pings (they would be unpadded frames);
    /// clients keep the socket busy with padded frames instead. Nothing about the request is read
    /// but the upgrade itself: no address, no header.
    /// </summary>
    public static WebApplication MapRelaySocket(this WebApplication app)
    {
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.Zero });
        app.Map(Path, async (HttpContext context, ConnectionGate gate, RelayLimits limits, MailboxService mailboxes, DirectoryService directory, CanaryFile canary, ChunkService chunks) =>
        {
            if (!context.WebSockets.IsWebSocketRequest)
            {
                context.Response.StatusCode = StatusCodes.Status400BadRequest;
                await context.Response.WriteAsync("WebSocket only\n");
                return;
            }

            if (!gate.TryEnter())
            {
                context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                await context.Response.WriteAsync("relay at connection capacity\n");
                return;
            }

            try
            {
                using var socket = await context.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext { KeepAliveInterval = TimeSpan.Zero });
                using var ended = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, app.Lifetime.ApplicationStopping);
                await new RelayConnection(socket, limits, mailboxes, directory, canary, chunks, ended.Token).RunAsync();
            }
            finally
            {
                gate.Leave();
            }
        });
        return app;
    }
}
