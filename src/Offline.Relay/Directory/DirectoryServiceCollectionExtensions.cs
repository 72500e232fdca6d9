namespace Offline.Relay.Directory;

internal static class DirectoryServiceCollectionExtensions
{
    /// <summary>The prekey-bundle directory.</summary>
    public static IServiceCollection AddDirectory(this IServiceCollection services)
    {
        services.AddSingleton<IBundleVerifier, PrekeyBundleVerifier>();
        services.AddSingleton<DirectoryService>();
        return services;
    }
}
