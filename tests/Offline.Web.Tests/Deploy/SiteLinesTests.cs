namespace Offline.Web.Tests.Deploy;

/// <summary>The rendering the nginx tests rely on: only the marked lines of the shipped file change, and only in their values.</summary>
public sealed class SiteLinesTests
{
    private static readonly Dictionary<string, string> Values = new(StringComparer.Ordinal)
    {
        ["pid"] = "pid /tmp/x/nginx.pid;",
        ["http-listen"] = "listen 127.0.0.1:1080 default_server;",
        ["http-listen-v6"] = "listen [::1]:1080 default_server;",
        ["https-listen"] = "listen 127.0.0.1:1443 ssl default_server;",
        ["https-listen-v6"] = "listen [::1]:1443 ssl default_server;",
        ["server-name"] = "server_name localhost;",
        ["certificate"] = "ssl_certificate /tmp/x/server.pem;",
        ["certificate-key"] = "ssl_certificate_key /tmp/x/server.key;",
        ["upstream"] = "server 127.0.0.1:1234;",
    };

    [Fact]
    public void Render_ShippedNginxConfig_ChangesOnlyTheMarkedLines()
    {
        var shipped = File.ReadAllText(NginxProxy.ShippedConfigPath).Split('\n');
        var rendered = SiteLines.Render(string.Join('\n', shipped), Values).Split('\n');

        Assert.Equal(shipped.Length, rendered.Length);
        var changed = Enumerable.Range(0, shipped.Length).Where(i => shipped[i] != rendered[i]).ToList();
        Assert.All(changed, i => Assert.Contains("# SITE ", shipped[i], StringComparison.Ordinal));
        Assert.Equal(["pid", "upstream", "http-listen", "http-listen-v6", "server-name", "https-listen", "https-listen-v6", "server-name", "certificate", "certificate-key"], SiteLines.Names(string.Join('\n', shipped)));
        Assert.Equal(10, changed.Count);
    }

    [Fact]
    public void Render_ReplacementWithAnotherDirective_Throws()
    {
        var values = new Dictionary<string, string>(Values, StringComparer.Ordinal) { ["upstream"] = "error_log stderr info;" };
        var error = Assert.Throws<InvalidOperationException>(() => SiteLines.Render(File.ReadAllText(NginxProxy.ShippedConfigPath), values));
        Assert.Contains("only values may change", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_MarkedLineWithoutAValue_Throws()
    {
        var values = new Dictionary<string, string>(Values, StringComparer.Ordinal);
        values.Remove("certificate-key");
        Assert.Throws<InvalidOperationException>(() => SiteLines.Render(File.ReadAllText(NginxProxy.ShippedConfigPath), values));
    }
}
