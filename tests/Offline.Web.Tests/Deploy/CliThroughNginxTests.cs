using Offline.EndToEnd.Tests.Infrastructure;

namespace Offline.Web.Tests.Deploy;

/// <summary>Two terminal users (the real `offline` CLI) talk over wss:// through the shipped nginx configuration.</summary>
[Collection(ProxiedRelayCollection.Name)]
public sealed class CliThroughNginxTests(ProxiedRelayFixture proxied)
{
    [Fact]
    public async Task TwoClis_ThroughNginxOverWss_ConverseBothWays()
    {
        var alice = TrustingUser("alice");
        var bob = TrustingUser("bob");
        Assert.True((bool)(await alice.GenerateIdAsync()).EventsOf("identity").Single()["published"]!);
        Assert.True((bool)(await bob.GenerateIdAsync()).EventsOf("identity").Single()["published"]!);
        await alice.RunOkAsync("add", bob.Id, "--name", "bob");
        await bob.RunOkAsync("add", alice.Id, "--name", "alice");

        await alice.RunOkAsync("send", "bob", "hello through nginx");
        Assert.Equal("hello through nginx", (string?)(await bob.ReceiveUntilAsync(r => r.EventsOf("message").Count > 0)).EventsOf("message").Single()["text"]);
        await bob.RunOkAsync("send", "alice", "and back through nginx");
        Assert.Equal("and back through nginx", (string?)(await alice.ReceiveUntilAsync(r => r.EventsOf("message").Count > 0)).EventsOf("message").Single()["text"]);
        proxied.AssertNothingLoggedAClient();
    }

    /// <summary>
    /// The same CLI without the throwaway authority in SSL_CERT_FILE cannot connect: certificate
    /// validation is on, and trusting the CA file is what made the conversation above work.
    /// </summary>
    [Fact]
    public async Task Cli_WithoutTheAuthority_RefusesTheProxysCertificate()
    {
        var home = Path.Combine(proxied.Folder, "untrusting-" + Guid.NewGuid().ToString("N"));
        var untrusting = new CliUser(home, () => proxied.Nginx.WebSocketUrl);
        Assert.False((bool)(await untrusting.GenerateIdAsync()).EventsOf("identity").Single()["published"]!);
        var receive = await untrusting.RunAsync("receive");
        Assert.True(receive.ExitCode == 8, receive.ToString());

        var trusting = new CliUser(home, () => proxied.Nginx.WebSocketUrl) { Passphrase = untrusting.Passphrase, Environment = TrustCa };
        await trusting.RunOkAsync("receive");
        proxied.AssertNothingLoggedAClient();
    }

    private Dictionary<string, string> TrustCa => new(StringComparer.Ordinal) { ["SSL_CERT_FILE"] = proxied.Certificates.AuthorityPemPath };

    private CliUser TrustingUser(string name) =>
        new(Path.Combine(proxied.Folder, name + "-" + Guid.NewGuid().ToString("N")), () => proxied.Nginx.WebSocketUrl) { Environment = TrustCa };
}
