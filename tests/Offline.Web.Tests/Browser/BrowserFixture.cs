using System.Collections.Concurrent;
using System.Reflection;
using Microsoft.Playwright;

namespace Offline.Web.Tests.Browser;

/// <summary>
/// One system Chromium (Debian's /usr/bin/chromium, never a downloaded build), one <see cref="AppServer"/>
/// and one real <see cref="RelayServer"/>, shared by every test in the collection. Every page gets its own
/// browser context (its own IndexedDB: a separate user). Every request a page makes is intercepted:
/// anything outside the page's own origin is aborted and recorded, and tests assert that none was made.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private static readonly string[] ChromiumArgs =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run",
    ];

    private readonly ConcurrentQueue<string> foreignRequests = new();
    private readonly string[] extraChromiumArgs;
    private IPlaywright? playwright;
    private IBrowser? browser;
    private AppServer? server;
    private RelayServer? relay;

    public BrowserFixture()
        : this([])
    {
    }

    /// <summary>A fixture whose Chromium gets more switches (e.g. to trust a throwaway certificate by its SPKI hash).</summary>
    internal BrowserFixture(IEnumerable<string> extraChromiumArgs) => this.extraChromiumArgs = [.. extraChromiumArgs];

    public static string VectorsDirectory => Metadata("VectorsDirectory");

    public static string ScriptsDirectory => Metadata("ScriptsDirectory");

    public static string WebAppPath => Metadata("WebAppPath");

    /// <summary>Requests the page made to anything but its own origin (should stay empty).</summary>
    public IReadOnlyCollection<string> ForeignRequests => foreignRequests;

    public Uri AppUrl => server!.AppUrl;

    /// <summary>The shared relay (memory store, low stamp difficulty) serving this checkout's app.</summary>
    public RelayServer Relay => relay!;

    /// <summary>Where the tests write screenshots: artifacts/screenshots/ at the repository root (git-ignored).</summary>
    public static string ScreenshotsDirectory
    {
        get
        {
            var path = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(WebAppPath)!, "..", "artifacts", "screenshots"));
            Directory.CreateDirectory(path);
            return path;
        }
    }

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"{ChromiumPath} is missing: install the Debian package 'chromium' (./test does).");
        }

        server = await AppServer.StartAsync(WebAppPath);
        relay = await RelayServer.StartAsync();
        playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = [.. ChromiumArgs, .. extraChromiumArgs],
        });
    }

    /// <summary>
    /// A fresh context (own storage, like another person's browser) whose requests outside
    /// <paramref name="origin"/> are aborted and recorded. Service workers are blocked unless asked for.
    /// </summary>
    public async Task<IBrowserContext> NewContextAsync(Uri origin, ViewportSize? viewport = null, bool serviceWorkers = false)
    {
        var context = await browser!.NewContextAsync(new BrowserNewContextOptions
        {
            ServiceWorkers = serviceWorkers ? ServiceWorkerPolicy.Allow : ServiceWorkerPolicy.Block,
            ViewportSize = viewport ?? new ViewportSize { Width = 390, Height = 844 },
            HasTouch = true,
            Permissions = ["clipboard-read", "clipboard-write"],
        });
        var allowed = origin.GetLeftPart(UriPartial.Authority);
        await context.RouteAsync("**/*", async route =>
        {
            var url = route.Request.Url;
            if (url.StartsWith(allowed + "/", StringComparison.Ordinal) || url == allowed)
            {
                await route.ContinueAsync();
            }
            else
            {
                foreignRequests.Enqueue(url);
                await route.AbortAsync();
            }
        });
        return context;
    }

    /// <summary>A new tab on /app, with window.Offline loaded; close it when done.</summary>
    public async Task<IPage> OpenAppAsync()
    {
        var context = await NewContextAsync(server!.Origin);
        var page = await context.NewPageAsync();
        page.Close += (_, _) => _ = context.CloseAsync();
        var errors = new ConcurrentQueue<string>();
        page.PageError += (_, message) => errors.Enqueue(message);
        var response = await page.GotoAsync(AppUrl.ToString());
        Assert.NotNull(response);
        Assert.Equal(200, response!.Status);
        await page.WaitForFunctionAsync("() => window.Offline !== undefined");
        Assert.Empty(errors);
        return page;
    }

    /// <summary>A new tab on an empty page of the same origin: the window as it is without the app.</summary>
    public async Task<IPage> OpenBlankAsync()
    {
        var context = await NewContextAsync(server!.Origin);
        var page = await context.NewPageAsync();
        page.Close += (_, _) => _ = context.CloseAsync();
        await page.GotoAsync(new Uri(server!.Origin, "/blank").ToString());
        return page;
    }

    public async Task DisposeAsync()
    {
        if (browser is not null)
        {
            await browser.CloseAsync();
        }

        playwright?.Dispose();
        if (server is not null)
        {
            await server.DisposeAsync();
        }

        if (relay is not null)
        {
            await relay.DisposeAsync();
        }
    }

    private static string Metadata(string key) => typeof(BrowserFixture).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == key).Value!;
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "Browser";
}
