using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Offline.Relay.Store;

namespace Offline.Relay.Tests.Hosting;

/// <summary>
/// The real relay app (its Program) on a real Kestrel socket at 127.0.0.1 on a free port, with
/// a movable clock and any configuration the test sets.
/// </summary>
internal sealed class RelayFactory : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> settings;

    public RelayFactory(Dictionary<string, string?>? settings = null)
    {
        this.settings = settings ?? [];
        UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        StartServer();
        var address = Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        HttpBase = new Uri(address);
        SocketUri = new Uri(address.Replace("http://", "ws://", StringComparison.Ordinal) + "/ws");
    }

    public ManualTimeProvider Clock { get; } = new();

    public Uri HttpBase { get; }

    public Uri SocketUri { get; }

    public IRelayStore Store => Services.GetRequiredService<IRelayStore>();

    public uint Today => Services.GetRequiredService<DayClock>().Today;

    public Task<RelayClient> ConnectAsync() => RelayClient.ConnectAsync(SocketUri);

    public async Task<RelayClient> HelloAsync()
    {
        var client = await ConnectAsync();
        await client.HelloAsync();
        return client;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
    }
}
