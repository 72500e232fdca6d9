using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Offline.Tor.Tests.Network;

/// <summary>
/// Just enough of tor's control protocol to ask the client which circuit carries each stream:
/// <c>GETINFO stream-status</c> answers one line per stream, "ID STATUS CIRCUIT TARGET".
/// </summary>
public static class TorControl
{
    public sealed record Stream(string Id, string Status, string CircuitId, string Target);

    public static async Task<IReadOnlyList<Stream>> StreamsAsync(IPEndPoint control)
    {
        using var tcp = new TcpClient();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await tcp.ConnectAsync(control, timeout.Token);
        using var stream = tcp.GetStream();
        using var reader = new StreamReader(stream, Encoding.ASCII);
        var writer = new StreamWriter(stream, Encoding.ASCII) { NewLine = "\r\n", AutoFlush = true };
        await using (writer)
        {
            await writer.WriteLineAsync("AUTHENTICATE");
            var auth = await reader.ReadLineAsync(timeout.Token);
            Assert.StartsWith("250", auth, StringComparison.Ordinal);
            await writer.WriteLineAsync("GETINFO stream-status");
            var streams = new List<Stream>();

            // The answer: "250-stream-status=ONE" (zero or one stream) or "250+stream-status=" then one
            // stream per line up to "."; then "250 OK". Anything else (5xx) is an error.
            var first = await reader.ReadLineAsync(timeout.Token) ?? "";
            if (first.StartsWith("250-stream-status=", StringComparison.Ordinal))
            {
                Add(streams, first["250-stream-status=".Length..]);
            }
            else
            {
                Assert.True(first == "250+stream-status=", $"control port: {first}");
                while (await reader.ReadLineAsync(timeout.Token) is { } line && line != ".")
                {
                    Add(streams, line);
                }
            }

            Assert.Equal("250 OK", await reader.ReadLineAsync(timeout.Token));
            await writer.WriteLineAsync("QUIT");
            return streams;
        }
    }

    private static void Add(List<Stream> streams, string line)
    {
        var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length >= 4)
        {
            streams.Add(new Stream(fields[0], fields[1], fields[2], fields[3]));
        }
    }
}
