using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Offline.Web.Tests.Deploy;

/// <summary>
/// A stand-in for the relay behind nginx (127.0.0.1, a port from the OS) that records the head of
/// every request exactly as it arrives (request line and headers, raw bytes as text) and answers
/// 200 "ok". It shows what nginx forwards, which the relay itself deliberately never reads.
/// </summary>
internal sealed class RecordingUpstream : IDisposable
{
    private const int MaxHeadBytes = 64 * 1024;
    private static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(10);
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource stopping = new();
    private readonly Task accepting;

    public RecordingUpstream()
    {
        listener.Start();
        accepting = Task.Run(AcceptLoopAsync);
    }

    public int Port => ((IPEndPoint)listener.LocalEndpoint).Port;

    public ConcurrentQueue<string> Requests { get; } = new();

    public void Dispose()
    {
        stopping.Cancel();
        listener.Stop();
        try
        {
            accepting.Wait(TimeSpan.FromSeconds(10));
        }
        catch (AggregateException)
        {
            // The loop ends by the listener being stopped.
        }

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

            _ = Task.Run(() => AnswerAsync(client));
        }
    }

    private async Task AnswerAsync(TcpClient client)
    {
        using (client)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stopping.Token);
            timeout.CancelAfter(ReadTimeout);
            var stream = client.GetStream();
            var head = new List<byte>();
            var buffer = new byte[4096];
            try
            {
                while (head.Count < MaxHeadBytes && !EndsHead(head))
                {
                    var read = await stream.ReadAsync(buffer, timeout.Token);
                    if (read == 0)
                    {
                        break;
                    }

                    head.AddRange(buffer.AsSpan(0, read));
                }

                Requests.Enqueue(Encoding.Latin1.GetString([.. head]));
                await stream.WriteAsync("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 3\r\nConnection: close\r\n\r\nok\n"u8.ToArray(), timeout.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or IOException)
            {
                // A client that went away; what arrived is not a complete head worth recording.
            }
        }
    }

    private static bool EndsHead(List<byte> head)
    {
        var n = head.Count;
        return n >= 4 && head[n - 4] == '\r' && head[n - 3] == '\n' && head[n - 2] == '\r' && head[n - 1] == '\n';
    }
}
