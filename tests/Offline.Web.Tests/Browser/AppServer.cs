using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Offline.Web.Tests.Browser;

/// <summary>
/// A loopback Kestrel server that serves web/app.html at /app, as the relay does, so the page runs in a
/// real http origin (Web Crypto needs a secure context; http://127.0.0.1 is one), and an empty page at /blank.
/// </summary>
internal sealed class AppServer : IAsyncDisposable
{
    private readonly WebApplication app;

    private AppServer(WebApplication app, Uri origin)
    {
        this.app = app;
        Origin = origin;
    }

    /// <summary>Scheme, host and port, e.g. http://127.0.0.1:41234 (no trailing slash).</summary>
    public Uri Origin { get; }

    public Uri AppUrl => new(Origin, "/app");

    public static async Task<AppServer> StartAsync(string appHtmlPath)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.MapGet("/app", async context =>
        {
            // Read on every request so a test always sees the file as it is on disk.
            context.Response.ContentType = "text/html; charset=utf-8";
            context.Response.Headers.CacheControl = "no-store";
            await context.Response.SendFileAsync(appHtmlPath);
        });
        // An empty page of the same origin, so tests can compare the window with and without the app.
        app.MapGet("/blank", () => Results.Content("<!doctype html><title>blank</title>", "text/html"));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new AppServer(app, new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal)));
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
