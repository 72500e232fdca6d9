using System.Net;
using System.Net.Sockets;
using Offline.Client.Transport;

namespace Offline.Client.Tests.Transport;

public class RelayClientTests
{
    [Theory]
    [InlineData("ws://127.0.0.1:8080", "ws://127.0.0.1:8080/ws")]
    [InlineData("http://relay.example:9000/", "ws://relay.example:9000/ws")]
    [InlineData("https://relay.example", "wss://relay.example/ws")]
    [InlineData("ws://127.0.0.1:8080/custom", "ws://127.0.0.1:8080/custom")]
    public void EndpointFor_RelayAddress_IsTheWebSocketEndpoint(string given, string expected) =>
        Assert.Equal(new Uri(expected), RelayClient.EndpointFor(given));

    [Fact]
    public void EndpointFor_NotARelayAddress_Throws() =>
        Assert.Throws<ArgumentException>(() => RelayClient.EndpointFor("relay.example:8080"));

    [Fact]
    public async Task Connect_NothingListening_IsUnreachable()
    {
        int port;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        var failure = await Assert.ThrowsAsync<RelayException>(() => RelayClient.ConnectAsync($"ws://127.0.0.1:{port}", TimeSpan.FromSeconds(10), CancellationToken.None));
        Assert.Equal(RelayFailure.Unreachable, failure.Failure);
        Assert.True(failure.IsTransient);
        Assert.Contains($"127.0.0.1:{port}", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Connect_RelayClosesWithControlCharacters_ReasonReachesUserWithoutThem()
    {
        // A hostile relay's close reason is shown on the user's terminal: escape sequences must not survive.
        int port;
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }

        using var listener = new HttpListener();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        var serving = Task.Run(async () =>
        {
            var context = await listener.GetContextAsync();
            var accepted = await context.AcceptWebSocketAsync(null);
            await accepted.WebSocket.CloseOutputAsync(System.Net.WebSockets.WebSocketCloseStatus.PolicyViolation, "go\u001b[2J\u0007 away", CancellationToken.None);
        });

        var failure = await Assert.ThrowsAsync<RelayException>(() => RelayClient.ConnectAsync($"ws://127.0.0.1:{port}", TimeSpan.FromSeconds(10), CancellationToken.None));
        await serving.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Contains("go[2J away", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(failure.Message, char.IsControl);
    }
}
