using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;
using Offline.EndToEnd.Tests.Infrastructure;

namespace Offline.Web.Tests.Deploy;

/// <summary>
/// Nothing nginx writes holds a client's address, and nothing it forwards tells the relay one:
/// after real traffic and after requests made to provoke nginx's error log, and with forwarding
/// headers a client sent itself. A control run shows the same traffic would be logged with the
/// address if the error log were on, so the first check can fail.
/// </summary>
[Collection(ProxiedRelayCollection.Name)]
public sealed class NginxPrivacyTests(ProxiedRelayFixture proxied)
{
    private const string ClientAddress = "127.0.0.1";
    private const string SpoofedAddress = "203.0.113.9";

    private static readonly string[] ForwardingHeaders =
    [
        "X-Forwarded-For", "X-Real-IP", "Forwarded", "X-Forwarded-Host", "X-Forwarded-Proto",
        "X-Client-IP", "True-Client-IP", "CF-Connecting-IP", "Via",
    ];

    [Fact]
    public async Task NginxOutput_AfterWebSocketTrafficAndProvokedErrors_HoldsNoClientAddress()
    {
        var started = DateTime.UtcNow;
        var user = new CliUser(Path.Combine(proxied.Folder, "logged-" + Guid.NewGuid().ToString("N")), () => proxied.Nginx.WebSocketUrl)
        {
            Environment = new Dictionary<string, string>(StringComparer.Ordinal) { ["SSL_CERT_FILE"] = proxied.Certificates.AuthorityPemPath },
        };
        Assert.True((bool)(await user.GenerateIdAsync()).EventsOf("identity").Single()["published"]!);
        await user.RunOkAsync("receive");
        await ProvokeErrorLogAsync(proxied.Nginx, proxied.Certificates);

        proxied.AssertNothingLoggedAClient();
        var debianLogs = DebianLogFolderSince(started);
        Assert.DoesNotContain(ClientAddress, debianLogs, StringComparison.Ordinal);
        Assert.DoesNotContain("client:", debianLogs, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Control_TheSameProvocationsWithTheErrorLogAtInfo_WouldRecordTheClientAddress()
    {
        const string shippedLine = "error_log /dev/null emerg;";
        using var logging = await NginxProxy.StartAsync(proxied.Certificates, proxied.Relay.Port, controlEdit: shipped =>
        {
            Assert.Contains(shippedLine, shipped, StringComparison.Ordinal);
            return shipped.Replace(shippedLine, "error_log stderr info;", StringComparison.Ordinal);
        });
        await ProvokeErrorLogAsync(logging, proxied.Certificates);

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!logging.Stderr.Contains($"client: {ClientAddress}", StringComparison.Ordinal) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        Assert.Contains($"client: {ClientAddress}", logging.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ForwardingHeaders_SentByTheClient_NeverReachTheUpstream()
    {
        using var upstream = new RecordingUpstream();
        using var nginx = await NginxProxy.StartAsync(proxied.Certificates, upstream.Port);
        var spoofed = string.Concat(ForwardingHeaders.Select(h => $"{h}: {(h == "Forwarded" ? "for=" : string.Empty)}{SpoofedAddress}\r\n"));
        await SendOverTlsAsync(nginx, proxied.Certificates, $"GET /healthz HTTP/1.1\r\nHost: localhost\r\n{spoofed}Connection: close\r\n\r\n");
        await SendOverTlsAsync(nginx, proxied.Certificates, "GET /ws HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + $"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n{spoofed}\r\n");

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (upstream.Requests.Count < 2 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        var requests = upstream.Requests.ToList();
        Assert.Equal(2, requests.Count);
        foreach (var request in requests)
        {
            Assert.DoesNotContain(SpoofedAddress, request, StringComparison.Ordinal);
            Assert.DoesNotContain(ClientAddress, request, StringComparison.Ordinal);
            foreach (var header in ForwardingHeaders)
            {
                Assert.DoesNotContain($"\r\n{header}:", request, StringComparison.OrdinalIgnoreCase);
            }

            Assert.Contains("\r\nHost: localhost\r\n", request, StringComparison.Ordinal);
        }

        // The upgrade itself still goes through: the headers the relay needs are forwarded.
        var upgrade = Assert.Single(requests, r => r.StartsWith("GET /ws ", StringComparison.Ordinal));
        Assert.Contains("\r\nUpgrade: websocket\r\n", upgrade, StringComparison.Ordinal);
        Assert.Contains("\r\nConnection: upgrade\r\n", upgrade, StringComparison.Ordinal);
    }

    /// <summary>
    /// Requests nginx itself answers with an error and, at info or error level, logs with
    /// ", client: ADDR": plain HTTP to the TLS port, a connection closed during the handshake,
    /// a body over the limit, a malformed request line on port 80.
    /// </summary>
    private static async Task ProvokeErrorLogAsync(NginxProxy nginx, ThrowawayCertificates certificates)
    {
        await SendPlainAsync(nginx.HttpsPort, "GET /app HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        using (var dropped = new TcpClient())
        {
            await dropped.ConnectAsync(IPAddress.Loopback, nginx.HttpsPort);
            await dropped.GetStream().WriteAsync(new byte[] { 0x16, 0x03, 0x01, 0x00, 0x05 });
        }

        await SendOverTlsAsync(nginx, certificates, $"POST /healthz HTTP/1.1\r\nHost: localhost\r\nContent-Length: {(64 * 1024) + 1}\r\nConnection: close\r\n\r\n");
        await SendPlainAsync(nginx.HttpPort, "NOT A REQUEST\r\n\r\n");
    }

    private static async Task<string> SendPlainAsync(int port, string request)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, port);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request));
        return await ReadAnswerAsync(stream);
    }

    private static async Task<string> SendOverTlsAsync(NginxProxy nginx, ThrowawayCertificates certificates, string request)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, nginx.HttpsPort);
        await using var tls = new SslStream(client.GetStream());
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = "localhost",
            RemoteCertificateValidationCallback = (_, certificate, _, errors) => certificates.Validates(certificate, errors),
        });
        await tls.WriteAsync(Encoding.ASCII.GetBytes(request));
        return await ReadAnswerAsync(tls);
    }

    /// <summary>The first bytes of the answer (enough to know one came), bounded in time.</summary>
    private static async Task<string> ReadAnswerAsync(Stream stream)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var buffer = new byte[4096];
        try
        {
            var read = await stream.ReadAsync(buffer, timeout.Token);
            return Encoding.ASCII.GetString(buffer, 0, read);
        }
        catch (IOException)
        {
            return string.Empty;
        }
    }

    /// <summary>What landed in Debian's compiled-in log folder (/var/log/nginx) since <paramref name="since"/>: nginx opens it at startup unless told otherwise.</summary>
    private static string DebianLogFolderSince(DateTime since) =>
        !Directory.Exists("/var/log/nginx") ? string.Empty : string.Join('\n', Directory.EnumerateFiles("/var/log/nginx", "*", SearchOption.AllDirectories)
            .Where(f => File.GetLastWriteTimeUtc(f) >= since).Select(f => f + ":\n" + File.ReadAllText(f)));
}
