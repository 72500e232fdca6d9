using Offline.Web.Tests.Browser;

namespace Offline.Web.Tests.Deploy;

/// <summary>
/// A throwaway certificate authority, a browser fixture (its own real relay, and a Chromium that
/// trusts the server certificate by its SPKI hash, nothing else), and the shipped nginx
/// configuration running in front of that relay. Shared by the reverse-proxy tests.
/// </summary>
public sealed class ProxiedRelayFixture : IAsyncLifetime
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "offline-deploy-" + Guid.NewGuid().ToString("N"));
    private ThrowawayCertificates? certificates;
    private BrowserFixture? browser;
    private NginxProxy? nginx;

    internal ThrowawayCertificates Certificates => certificates!;

    public BrowserFixture Browser => browser!;

    internal NginxProxy Nginx => nginx!;

    /// <summary>The relay behind nginx, reached directly (for comparisons only).</summary>
    public RelayServer Relay => browser!.Relay;

    /// <summary>A folder for this run's CLI homes; deleted with the fixture.</summary>
    public string Folder => folder;

    /// <summary>
    /// Nothing the shared nginx printed or wrote so far holds a client address. Every test that sends
    /// traffic through it ends with this, so whichever runs last has checked the whole collection's traffic.
    /// </summary>
    internal void AssertNothingLoggedAClient()
    {
        var written = Nginx.Stderr + string.Concat(Directory.EnumerateFiles(Nginx.Prefix, "*", SearchOption.AllDirectories)
            .Where(f => f != Nginx.ConfigPath).Select(File.ReadAllText));
        Assert.DoesNotContain("127.0.0.1", written, StringComparison.Ordinal);
        Assert.DoesNotContain("client:", written, StringComparison.Ordinal);
    }

    public async Task InitializeAsync()
    {
        certificates = ThrowawayCertificates.Create(Path.Combine(folder, "tls"));
        // The flag is honoured only with a --user-data-dir, which Playwright always passes.
        browser = new BrowserFixture([$"--ignore-certificate-errors-spki-list={certificates.ServerSpkiHash}"]);
        await browser.InitializeAsync();
        nginx = await NginxProxy.StartAsync(certificates, browser.Relay.Port);
    }

    public async Task DisposeAsync()
    {
        // Each step in its own finally: a failure stopping one process must not leave the others running.
        try
        {
            nginx?.Dispose();
        }
        finally
        {
            try
            {
                if (browser is not null)
                {
                    await browser.DisposeAsync();
                }
            }
            finally
            {
                certificates?.Dispose();
                if (Directory.Exists(folder))
                {
                    Directory.Delete(folder, recursive: true);
                }
            }
        }
    }
}

[CollectionDefinition(Name)]
public sealed class ProxiedRelayCollection : ICollectionFixture<ProxiedRelayFixture>
{
    public const string Name = "Proxied relay";
}
