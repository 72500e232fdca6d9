using Microsoft.Extensions.DependencyInjection.Extensions;
using Offline.Relay.Store;

namespace Offline.Relay.Chunks;

internal static class ChunksServiceCollectionExtensions
{
    /// <summary>Attachment chunks: put, get, release; expiry runs in the mailboxes' hourly sweep.</summary>
    public static IServiceCollection AddChunks(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<DayClock>();
        services.AddSingleton<ChunkService>();
        return services;
    }
}
