using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;

namespace Offline.Client.Tests.Attachments;

/// <summary>
/// A TCP proxy on 127.0.0.1 that holds every byte back by a fixed delay each way, in order: a long
/// path (Tor, a satellite link) in front of a real relay. Bytes pass unchanged.
/// </summary>
internal sealed class DelayingProxy : IAsyncDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource stopping = new();
    private readonly List<Task> pumps = [];
    private readonly List<TcpClient> sockets = [];
    private readonly Task accepting;
    private readonly int relayPort;
    private readonly TimeSpan delay;

    public DelayingProxy(int relayPort, TimeSpan delay)
    {
        this.relayPort = relayPort;
        this.delay = delay;
        listener.Start();
        accepting = AcceptAsync();
    }

    public string RelayUrl => $"ws://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}";

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        listener.Stop();
        await accepting.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        Task[] all;
        lock (pumps)
        {
            all = [.. pumps];
        }

        await Task.WhenAll(all).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        lock (pumps)
        {
            sockets.ForEach(s => s.Dispose());
        }

        stopping.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!stopping.IsCancellationRequested)
        {
            var client = await listener.AcceptTcpClientAsync(stopping.Token);
            var upstream = new TcpClient();
            await upstream.ConnectAsync(IPAddress.Loopback, relayPort, stopping.Token);
            lock (pumps)
            {
                sockets.Add(client);
                sockets.Add(upstream);
                pumps.Add(PumpAsync(client, upstream));
                pumps.Add(PumpAsync(upstream, client));
            }
        }
    }

    /// <summary>Reads as bytes come; writes each read out once it is <see cref="delay"/> old.</summary>
    private async Task PumpAsync(TcpClient from, TcpClient to)
    {
        var held = Channel.CreateUnbounded<(DateTime Due, byte[] Bytes)>();
        var writing = Task.Run(async () =>
        {
            await foreach (var (due, bytes) in held.Reader.ReadAllAsync(stopping.Token))
            {
                var wait = due - DateTime.UtcNow;
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, stopping.Token);
                }

                await to.GetStream().WriteAsync(bytes, stopping.Token);
            }

            to.Client.Shutdown(SocketShutdown.Send);
        });
        try
        {
            var buffer = new byte[64 * 1024];
            int read;
            while ((read = await from.GetStream().ReadAsync(buffer, stopping.Token)) > 0)
            {
                held.Writer.TryWrite((DateTime.UtcNow + delay, buffer[..read]));
            }
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // Either side went away.
        }
        finally
        {
            held.Writer.TryComplete();
        }

        await writing.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }
}
