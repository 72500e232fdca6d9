using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Offline.Relay.Canary;
using Offline.Relay.Store;

namespace Offline.Relay.Hosting;

/// <summary>
/// Nothing the product page says is not kept gets written: no logging provider at all (so no
/// request, connection or exception log with an address, time, ID or queue), no Server header,
/// no forwarded-header processing. The one line printed is a startup fact: where it listens and
/// which store it uses, and whether a canary is served (its key's fingerprint; a
/// problem with it goes to stderr once).
/// </summary>
internal static class QuietHosting
{
    public static WebApplicationBuilder UseQuietHosting(this WebApplicationBuilder builder)
    {
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.AddServerHeader = false);
        builder.WebHost.UseSetting("detailedErrors", "false");
        return builder;
    }

    public static WebApplication PrintStartupFacts(this WebApplication app)
    {
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
            var store = app.Services.GetRequiredService<StoreSetting>();
            var canary = app.Services.GetRequiredService<CanaryFile>();
            Console.WriteLine($"offline-relay listening on {string.Join(", ", addresses)}; store: {store}; {CanaryInspection.StartupFact(canary)}");
            if (canary.Path is not null && CanaryInspection.StartupWarning(canary.Path, DateOnly.FromDateTime(app.Services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime)) is { } warning)
            {
                Console.Error.WriteLine(warning);
            }
        });
        return app;
    }
}
