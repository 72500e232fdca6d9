using Offline.Cli.CommandLine;
using Offline.Client.Home;
using Offline.Client.Messaging;
using Offline.Client.Sync;

namespace Offline.Cli.Commands;

/// <summary>
/// receive --follow and chat's long-lived connection: the engine's <see cref="LiveConnection"/> with the
/// CLI's relay, traffic profile, Tor and rotation settings, printing its problems and recoveries.
/// </summary>
internal sealed class LiveRelay
{
    private readonly LiveConnection connection;
    private readonly TaskCompletionSource firstAttempt = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool hadProblem;
    private int canaryChecked;

    public LiveRelay(CliContext context, ClientHome home, Action<DownloadOutcome>? onDownloaded = null)
    {
        connection = new LiveConnection(home, context.LiveOptions(
            home,
            onDownloaded ?? (outcome => InboundDisplay.ShowDownloaded(context, outcome)),
            onProblem: problem =>
            {
                hadProblem = true;
                firstAttempt.TrySetResult();
                context.Printer.Warn($"{problem} Retrying; messages you write meanwhile wait in the encrypted outbox.");
            },
            onConnected: () =>
            {
                if (hadProblem)
                {
                    context.Printer.Say(context.Printer.Dim($"connected to {context.Relay} again."));
                }

                hadProblem = false;
                firstAttempt.TrySetResult();
                if (Interlocked.Exchange(ref canaryChecked, 1) == 0)
                {
                    _ = CheckCanaryAsync(context, home);
                }
            }));
    }

    public SemaphoreSlim Gate => connection.Gate;

    /// <summary>Once per process, under the gate (the store is not shared with the pump mid-record): the daily canary check.</summary>
    private async Task CheckCanaryAsync(CliContext context, ClientHome home)
    {
        try
        {
            await Gate.WaitAsync(context.Cancellation);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        try
        {
            if (Current is { } session)
            {
                await CanaryWarning.CheckDailyAsync(context, home, session);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
        {
            // Stopping (chat's /quit may close the session mid-check): the check is due again next time.
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>
    /// Completes when the first connection is up or has failed once: chat waits for it before the first
    /// line, so a typing signal is not dropped just because a paced connect takes a few slots.
    /// </summary>
    public Task FirstAttempt => firstAttempt.Task;

    /// <summary>The open session, or null while the relay is unreachable (sends then wait in the outbox).</summary>
    public RelaySession? Current => connection.Current;

    /// <summary>Flushes the outbox through the open connection (call after composing, under <see cref="Gate"/>).</summary>
    public void OutboxChanged() => connection.OutboxChanged();

    /// <summary>Runs until cancelled. <paramref name="onEach"/> is called under the gate for every processed delivery.</summary>
    public Task RunAsync(Func<RelaySession, InboundResult, Task> onEach, CancellationToken cancellationToken) =>
        connection.RunAsync(onEach, cancellationToken);
}
