using Offline.Relay.Store;

namespace Offline.Relay.Mailboxes;

/// <summary>
/// Deletes expired messages, queues, directory entries and chunks every hour. Reads already treat them as
/// gone from the day they expire; the sweep frees the space.
/// </summary>
internal sealed class ExpirySweeper(IRelayStore store, DayClock clock, TimeProvider time) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        try
        {
            do
            {
                await store.SweepAsync(clock.Today, stoppingToken);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }
}
