namespace Offline.Relay.Canary;

internal static class CanaryServiceCollectionExtensions
{
    /// <summary><c>--canary PATH</c> (<c>Relay:Canary:Path</c>): the signed canary file to serve; none by default.</summary>
    public static IServiceCollection AddCanary(this IServiceCollection services, IConfiguration configuration)
    {
        var configured = configuration[CanaryFile.ConfigKey];
        return services.AddSingleton(new CanaryFile(string.IsNullOrEmpty(configured) ? null : System.IO.Path.GetFullPath(configured)));
    }
}
