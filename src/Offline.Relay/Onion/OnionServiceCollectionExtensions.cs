using Offline.Relay.Store;

namespace Offline.Relay.Onion;

internal static class OnionServiceCollectionExtensions
{
    /// <summary>With <c>--onion</c> (or <c>Relay:Onion:Enabled</c>), the relay runs its own tor as an onion service.</summary>
    public static IServiceCollection AddOnionService(this IServiceCollection services, IConfiguration configuration)
    {
        var options = OnionOptions.Read(configuration, StoreSetting.Parse(configuration[StoreServiceCollectionExtensions.ConfigKey]));
        if (options.Enabled)
        {
            services.AddSingleton(options);
            services.AddHostedService<OnionService>();
        }

        return services;
    }
}
