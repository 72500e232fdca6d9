namespace Offline.Relay.Store;

internal static class StoreServiceCollectionExtensions
{
    public const string ConfigKey = "Relay:Store";

    /// <summary>"memory" (default) or "sqlite:PATH". "redis:…" comes with the scale-out work.</summary>
    public static IServiceCollection AddRelayStore(this IServiceCollection services, IConfiguration configuration)
    {
        var setting = StoreSetting.Parse(configuration[ConfigKey]);
        services.AddSingleton(setting);
        services.AddSingleton<IRelayStore>(_ => setting.Kind switch
        {
            StoreKind.Sqlite => SqliteRelayStore.Open(setting.Path!),
            _ => new MemoryRelayStore(),
        });
        return services;
    }
}
