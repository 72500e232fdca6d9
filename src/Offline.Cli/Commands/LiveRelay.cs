using Offline.Cli.CommandLine;
using Offline.Client;
using Offline.Client.Home;
using Offline.Client.Messaging;
using Offline.Client.Sync;
using Offline.Client.Transport;

namespace Offline.Cli.Commands;

/// <summary>
/// A long-lived relay connection for receive --follow and chat: takes in what is pending, then every
/// delivery as it arrives; pings when idle; reconnects (fresh token, as the relay protocol asks)
/// every <see cref="RotationPeriod"/> and after a loss, with a bounded backoff. All access to the
/// home goes through <see cref="Gate"/>, so input and deliveries never touch the store at once.
/// </summary>
internal sealed class LiveRelay(CliContext context, ClientHome home)
{
    /// <summary>The product page's rotating sessions: a new connection, and so a new token, this often.</summary>
    public static readonly TimeSpan RotationPeriod = TimeSpan.FromMinutes(10);

    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);

    public SemaphoreSlim Gate { get; } = new(1, 1);

    /// <summary>The open session, or null while the relay is unreachable (sends then wait in the outbox).</summary>
    public RelaySession? Current { get; private set; }

    /// <summary>Runs until cancelled. <paramref name="onEach"/> is called under the gate for every processed delivery.</summary>
    public async Task RunAsync(Func<RelaySession, InboundResult, Task> onEach, CancellationToken cancellationToken)
    {
        var backoff = TimeSpan.FromSeconds(1);
        string? lastProblem = null;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await using var session = await OpenAsync(onEach, cancellationToken);
                if (lastProblem is not null)
                {
                    context.Printer.Say(context.Printer.Dim($"connected to {context.Relay} again."));
                }

                lastProblem = null;
                backoff = TimeSpan.FromSeconds(1);
                try
                {
                    await PumpAsync(session, onEach, cancellationToken);
                }
                finally
                {
                    Current = null;
                }
            }
            catch (RelayException e) when (e.IsTransient && !cancellationToken.IsCancellationRequested)
            {
                if (lastProblem != e.Message)
                {
                    context.Printer.Warn($"{e.Message} Retrying; messages you write meanwhile wait in the encrypted outbox.");
                    lastProblem = e.Message;
                }

                await Task.Delay(backoff, context.Clock, cancellationToken);
                backoff = backoff * 2 > MaxBackoff ? MaxBackoff : backoff * 2;
            }
        }
    }

    private async Task<RelaySession> OpenAsync(Func<RelaySession, InboundResult, Task> onEach, CancellationToken cancellationToken)
    {
        await Gate.WaitAsync(cancellationToken);
        try
        {
            var session = await context.ConnectAsync(home);
            try
            {
                await session.FlushAsync(cancellationToken);
                await session.SubscribeAllAsync(cancellationToken);
                await session.DrainAsync(result => onEach(session, result), cancellationToken);
                Current = session;
                return session;
            }
            catch
            {
                await session.DisposeAsync();
                throw;
            }
        }
        finally
        {
            Gate.Release();
        }
    }

    private async Task PumpAsync(RelaySession session, Func<RelaySession, InboundResult, Task> onEach, CancellationToken cancellationToken)
    {
        var rotateAt = context.Clock.GetUtcNow() + RotationPeriod;
        while (context.Clock.GetUtcNow() < rotateAt)
        {
            using var idle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            idle.CancelAfter(ClientLimits.KeepAliveInterval);
            try
            {
                if (!await session.Relay.Deliveries.WaitToReadAsync(idle.Token))
                {
                    throw new RelayException(RelayFailure.ConnectionLost, "The relay closed the connection.");
                }
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                await session.Relay.PingAsync(cancellationToken);
                continue;
            }

            await Gate.WaitAsync(cancellationToken);
            try
            {
                while (session.Relay.Deliveries.TryRead(out var delivery))
                {
                    await onEach(session, await session.ProcessAsync(delivery, cancellationToken));
                }
            }
            finally
            {
                Gate.Release();
            }
        }
    }
}
