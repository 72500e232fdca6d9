using Microsoft.Extensions.DependencyInjection.Extensions;
using Offline.Relay.Store;

namespace Offline.Relay.Mailboxes;

internal static class MailboxesServiceCollectionExtensions
{
    /// <summary>Queues, sends, pushes and proof-of-work stamps.</summary>
    public static IServiceCollection AddMailboxes(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<DayClock>();
        services.AddSingleton<MailboxHub>();
        services.AddSingleton<StampGuard>();
        services.AddSingleton<MailboxService>();
        services.AddHostedService<ExpirySweeper>();
        return services;
    }
}
