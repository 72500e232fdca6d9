namespace Offline.Relay.Limits;

internal static class LimitsServiceCollectionExtensions
{
    /// <summary>Binds <see cref="RelayLimits"/> from "Relay:Limits" and validates it now, so a bad value stops startup.</summary>
    public static IServiceCollection AddRelayLimits(this IServiceCollection services, IConfiguration configuration)
    {
        var limits = new RelayLimits();
        configuration.GetSection(RelayLimits.Section).Bind(limits);
        limits.Validate();
        return services.AddSingleton(limits);
    }
}
