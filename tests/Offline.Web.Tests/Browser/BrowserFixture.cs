using System.Collections.Concurrent;
using System.Reflection;
using Microsoft.Playwright;

namespace Offline.Web.Tests.Browser;

/// <summary>
/// One system Chromium (Debian's /usr/bin/chromium, never a downloaded build) with a fresh profile in a
/// temporary folder, and one <see cref="AppServer"/>, shared by every test in the collection. Every request
/// the page makes is intercepted: anything outside the app's own origin is aborted and recorded, and
/// <see cref="OpenAppAsync"/>'s callers assert that none was made.
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
    private IPlaywright? playwright;
    private IBrowserContext? context;
    private AppServer? server;
    private string? profileDirectory;

    public static string VectorsDirectory => Metadata("VectorsDirectory");

    public static string ScriptsDirectory => Metadata("ScriptsDirectory");

    public static string WebAppPath => Metadata("WebAppPath");

    /// <summary>Requests the page made to anything but its own origin (should stay empty).</summary>
    public IReadOnlyCollection<string> ForeignRequests => foreignRequests;

    public Uri AppUrl => server!.AppUrl;

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"{ChromiumPath} is missing: install the Debian package 'chromium' (./test does).");
        }

        server = await AppServer.StartAsync(WebAppPath);
        profileDirectory = Directory.CreateTempSubdirectory("offline-web-tests-").FullName;
        playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        context = await playwright.Chromium.LaunchPersistentContextAsync(profileDirectory, new BrowserTypeLaunchPersistentContextOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ChromiumArgs,
            ServiceWorkers = ServiceWorkerPolicy.Block,
        });
        var origin = server.Origin.GetLeftPart(UriPartial.Authority);
        await context.RouteAsync("**/*", async route =>
        {
            var url = route.Request.Url;
            if (url.StartsWith(origin + "/", StringComparison.Ordinal) || url == origin)
            {
                await route.ContinueAsync();
            }
            else
            {
                foreignRequests.Enqueue(url);
                await route.AbortAsync();
            }
        });
    }

    /// <summary>A new tab on /app, with window.Offline loaded; close it when done.</summary>
    public async Task<IPage> OpenAppAsync()
    {
        var page = await context!.NewPageAsync();
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
        var page = await context!.NewPageAsync();
        await page.GotoAsync(new Uri(server!.Origin, "/blank").ToString());
        return page;
    }

    public async Task DisposeAsync()
    {
        if (context is not null)
        {
            await context.CloseAsync();
        }

        playwright?.Dispose();
        if (server is not null)
        {
            await server.DisposeAsync();
        }

        if (profileDirectory is not null)
        {
            Directory.Delete(profileDirectory, recursive: true);
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
