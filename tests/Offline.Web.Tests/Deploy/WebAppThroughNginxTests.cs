using System.Collections.Concurrent;
using System.Net;
using Offline.EndToEnd.Tests.Infrastructure;
using Offline.Web.Tests.Browser;

namespace Offline.Web.Tests.Deploy;

/// <summary>
/// The web app served through the shipped nginx configuration over https: onboarding, its WebSocket
/// over wss through nginx, a conversation with the CLI, and the relay's own headers (its per-response
/// Content-Security-Policy above all) arriving unchanged and alone.
/// </summary>
[Collection(ProxiedRelayCollection.Name)]
public sealed class WebAppThroughNginxTests(ProxiedRelayFixture proxied)
{
    /// <summary>Everything the relay serves over HTTP, each compared direct and through nginx.</summary>
    public static TheoryData<string> RelayPaths => ["/app", "/manifest.webmanifest", "/sw.js", "/icon.svg", "/release", "/healthz"];

    /// <summary>The relay's own response headers, which nginx must pass on as they are.</summary>
    private static readonly string[] RelayHeaders =
    [
        "Content-Security-Policy", "Referrer-Policy", "X-Content-Type-Options", "Cross-Origin-Opener-Policy",
        "Permissions-Policy", "Cache-Control", "Service-Worker-Allowed", "Content-Type",
    ];

    [Fact]
    public async Task WebApp_ThroughNginx_OnboardsConnectsOverWssAndTalksWithTheCli()
    {
        var appUrl = new Uri(proxied.Nginx.HttpsOrigin, "/app?slot=250");
        await using var web = await WebUser.OpenAsync(proxied.Browser, appUrl);
        var sockets = new ConcurrentQueue<string>();
        web.Page.WebSocket += (_, socket) => sockets.Enqueue(socket.Url);
        await web.Page.FillAsync("#passphrase", WebUser.Passphrase);
        await web.Page.FillAsync("#passphrase-confirm", WebUser.Passphrase);
        await web.Page.ClickAsync("#onboard-submit");
        await web.WaitOnlineAsync();
        Assert.True(await web.Page.EvaluateAsync<bool>("() => window.isSecureContext"));
        Assert.NotEmpty(sockets);
        Assert.All(sockets, url => Assert.Equal($"wss://127.0.0.1:{proxied.Nginx.HttpsPort}/ws", url));

        var cli = new CliUser(Path.Combine(proxied.Folder, "terminal-" + Guid.NewGuid().ToString("N")), () => proxied.Nginx.WebSocketUrl)
        {
            Environment = new Dictionary<string, string>(StringComparer.Ordinal) { ["SSL_CERT_FILE"] = proxied.Certificates.AuthorityPemPath },
        };
        await cli.GenerateIdAsync();
        await cli.RunOkAsync("add", await web.IdAsync(), "--name", "web");
        await cli.RunOkAsync("send", "web", "hello browser, via nginx");

        await web.Page.WaitForSelectorAsync(".chat-row .unread:text-is('1')", new() { Timeout = 60_000 });
        await web.Page.ClickAsync(".chat-row .row-face");
        await web.WaitForIncomingAsync("hello browser, via nginx");
        await web.Page.FillAsync("#accept-name", "Terminal");
        await web.Page.ClickAsync("#accept-contact");
        await web.SendAsync("hello terminal, via nginx");
        var inbox = await cli.ReceiveUntilAsync(r => r.EventsOf("message").Count > 0);
        Assert.Equal("hello terminal, via nginx", (string?)inbox.EventsOf("message").Single()["text"]);
        Assert.Empty(web.PageErrors);
        Assert.Empty(proxied.Browser.ForeignRequests);
        proxied.AssertNothingLoggedAClient();
    }

    [Fact]
    public async Task WebApp_AsTheBrowserSeesItThroughNginx_HasExactlyTheRelaysPolicy()
    {
        var expected = await RelayPolicyAsync("/app");
        var context = await proxied.Browser.NewContextAsync(proxied.Nginx.HttpsOrigin);
        try
        {
            var page = await context.NewPageAsync();
            var response = await page.GotoAsync(new Uri(proxied.Nginx.HttpsOrigin, "/app").ToString());
            Assert.NotNull(response);
            Assert.Equal(200, response!.Status);
            var policies = (await response.HeadersArrayAsync()).Where(h => h.Name.Equals("content-security-policy", StringComparison.OrdinalIgnoreCase)).ToList();
            Assert.Equal(expected, Assert.Single(policies).Value);
        }
        finally
        {
            await context.CloseAsync();
        }
    }

    [Theory]
    [MemberData(nameof(RelayPaths))]
    public async Task RelayPath_ThroughNginx_SameBytesSameHeadersPlusHsts(string path)
    {
        using var direct = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        using var viaNginx = proxied.Certificates.NewHttpClient();
        using var original = await direct.GetAsync(new Uri(proxied.Relay.Origin, path));
        using var proxiedResponse = await viaNginx.GetAsync(new Uri(proxied.Nginx.HttpsOrigin, path));

        Assert.Equal(original.StatusCode, proxiedResponse.StatusCode);
        Assert.Equal(await original.Content.ReadAsByteArrayAsync(), await proxiedResponse.Content.ReadAsByteArrayAsync());
        foreach (var name in RelayHeaders)
        {
            Assert.Equal(Values(original, name), Values(proxiedResponse, name));
        }

        if (path is "/app" or "/sw.js")
        {
            Assert.Single(Values(proxiedResponse, "Content-Security-Policy"));
        }

        Assert.Equal(["max-age=63072000; includeSubDomains"], Values(proxiedResponse, "Strict-Transport-Security"));
        Assert.Equal(["nginx"], Values(proxiedResponse, "Server"));
        proxied.AssertNothingLoggedAClient();
    }

    [Fact]
    public async Task PlainHttp_AnyPathButTheAcmeChallenge_RedirectsToHttpsOnTheServerName()
    {
        using var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { Timeout = TimeSpan.FromSeconds(30) };
        using var response = await http.GetAsync(new Uri($"http://127.0.0.1:{proxied.Nginx.HttpPort}/app?x=1"));
        Assert.Equal(HttpStatusCode.MovedPermanently, response.StatusCode);
        Assert.Equal(new Uri("https://localhost/app?x=1"), response.Headers.Location);

        // certbot's HTTP challenge is answered on port 80 itself (from the webroot; no such file here).
        using var challenge = await http.GetAsync(new Uri($"http://127.0.0.1:{proxied.Nginx.HttpPort}/.well-known/acme-challenge/no-such-token"));
        Assert.Equal(HttpStatusCode.NotFound, challenge.StatusCode);
    }

    [Fact]
    public async Task Https_RootAndUnknownPaths_RootGoesToAppOthersAre404()
    {
        using var client = proxied.Certificates.NewHttpClient();
        using var root = await client.GetAsync(new Uri(proxied.Nginx.HttpsOrigin, "/"));
        Assert.Equal(HttpStatusCode.Found, root.StatusCode);
        Assert.Equal(new Uri(proxied.Nginx.HttpsOrigin, "/app"), root.Headers.Location);
        foreach (var path in new[] { "/ws/x", "/app/", "/appsettings.json", "/Offline.Relay.dll", "/.well-known/acme-challenge/x" })
        {
            using var response = await client.GetAsync(new Uri(proxied.Nginx.HttpsOrigin, path));
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{path}: {response.StatusCode}");
        }
    }

    [Fact]
    public async Task RequestBody_LargerThanTheRelaysLargestFrame_IsRefusedByNginx()
    {
        using var client = proxied.Certificates.NewHttpClient();
        using var small = await client.PostAsync(new Uri(proxied.Nginx.HttpsOrigin, "/healthz"), new ByteArrayContent(new byte[1024]));
        Assert.NotEqual(HttpStatusCode.RequestEntityTooLarge, small.StatusCode);
        using var large = await client.PostAsync(new Uri(proxied.Nginx.HttpsOrigin, "/healthz"), new ByteArrayContent(new byte[(64 * 1024) + 1]));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, large.StatusCode);
        proxied.AssertNothingLoggedAClient();
    }

    private async Task<string> RelayPolicyAsync(string path)
    {
        using var direct = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        using var response = await direct.GetAsync(new Uri(proxied.Relay.Origin, path));
        return Assert.Single(Values(response, "Content-Security-Policy"));
    }

    private static List<string> Values(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values) ? [.. values] : [];
}
