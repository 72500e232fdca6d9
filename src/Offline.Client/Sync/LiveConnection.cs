using System.Threading.Channels;
using Offline.Client.Home;
using Offline.Client.Messaging;
using Offline.Client.Transport;

namespace Offline.Client.Sync;

/// <summary>
/// A long-lived relay connection (receive --follow, chat, the observer benchmark): takes in what is
/// pending, then every delivery as it arrives; flushes the outbox through the open connection when
/// told (<see cref="OutboxChanged"/>); opens a new connection every <see cref="LiveOptions.RotationPeriod"/>
/// (new token, new loop queue, new circuit: docs/TRAFFIC.md, rule 7) and after a loss, with a bounded
/// backoff. On <see cref="Traffic.TrafficProfile.Off"/> it pings when idle; a paced schedule keeps the
/// socket alive by itself. All access to the home goes through <see cref="Gate"/>.
/// </summary>
public sealed class LiveConnection
{
    private static readonly TimeSpan FirstBackoff = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);

    private readonly ClientHome home;
    private readonly LiveOptions options;
    private readonly Channel<bool> outboxChanged = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    public LiveConnection(ClientHome home, LiveOptions options)
    {
        ArgumentNullException.ThrowIfNull(home);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.RotationPeriod, TimeSpan.Zero);
        this.home = home;
        this.options = options;
    }

    /// <summary>All home access goes through it: input and deliveries never touch the store at once.</summary>
    public SemaphoreSlim Gate { get; } = new(1, 1);

    /// <summary>The open session, or null while connecting or the relay is unreachable (sends then wait in the outbox).</summary>
    public RelaySession? Current { get; private set; }

    /// <summary>Call after composing into the outbox (under <see cref="Gate"/>): the outbox is flushed through the open connection.</summary>
    public void OutboxChanged() => outboxChanged.Writer.TryWrite(true);

    /// <summary>Runs until cancelled. <paramref name="onEach"/> is called under the gate for every processed delivery.</summary>
    public async Task RunAsync(Func<RelaySession, InboundResult, Task> onEach, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(onEach);
        var backoff = FirstBackoff;
        string? lastProblem = null;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await using var session = await OpenAsync(onEach, cancellationToken);
                lastProblem = null;
                backoff = FirstBackoff;
                options.OnConnected?.Invoke();
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
                    options.OnProblem?.Invoke(e.Message);
                    lastProblem = e.Message;
                }

                await Task.Delay(backoff, home.Clock, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                backoff = backoff * 2 > MaxBackoff ? MaxBackoff : backoff * 2;
            }
        }
    }

    private async Task<RelaySession> OpenAsync(Func<RelaySession, InboundResult, Task> onEach, CancellationToken cancellationToken)
    {
        await Gate.WaitAsync(cancellationToken);
        try
        {
            outboxChanged.Reader.TryRead(out _);
            var session = await RelaySession.ConnectAsync(home, options.Relay, options.StampBits, cancellationToken, options.ProxyPerConnection?.Invoke(), options.Profile);
            session.TransferOptions = new Attachments.AttachmentTransferOptions { ProxyPerConnection = options.ProxyPerConnection };
            session.TransferProgress = options.TransferProgress;
            try
            {
                await session.FlushAsync(cancellationToken, Gate);
                await session.SubscribeAllAsync(cancellationToken);
                await session.DrainAsync(result => onEach(session, result), cancellationToken);
                await DownloadAsync(session, cancellationToken);
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

    /// <summary>
    /// Until the rotation is due: waits for a delivery, an outbox change or the keep-alive time; then
    /// pings (classic) or checks the relay still answers the schedule (paced: no Ping needed).
    /// </summary>
    private async Task PumpAsync(RelaySession session, Func<RelaySession, InboundResult, Task> onEach, CancellationToken cancellationToken)
    {
        var rotateAt = home.Clock.GetUtcNow() + options.RotationPeriod;
        var paced = session.Relay.Profile.Paced;
        while (true)
        {
            var untilRotation = rotateAt - home.Clock.GetUtcNow();
            if (untilRotation <= TimeSpan.Zero)
            {
                return;
            }

            var idle = untilRotation < ClientLimits.KeepAliveInterval ? untilRotation : ClientLimits.KeepAliveInterval;
            var woken = await WaitAsync(session, idle, cancellationToken);
            if (woken == Wake.Closed)
            {
                throw new RelayException(RelayFailure.ConnectionLost, "The relay closed the connection.");
            }

            if (session.Relay.IsSilent)
            {
                throw new RelayException(RelayFailure.ConnectionLost, "The relay stopped answering.");
            }

            if (woken == Wake.Idle && !paced && home.Clock.GetUtcNow() < rotateAt)
            {
                await session.Relay.PingAsync(cancellationToken);
            }

            await Gate.WaitAsync(cancellationToken);
            try
            {
                while (session.Relay.Deliveries.TryRead(out var delivery))
                {
                    await onEach(session, await session.ProcessAsync(delivery, cancellationToken));
                }

                await DownloadAsync(session, cancellationToken);

                if (outboxChanged.Reader.TryRead(out _))
                {
                    await session.FlushAsync(cancellationToken, Gate);
                }
            }
            finally
            {
                Gate.Release();
            }
        }
    }

    /// <summary>Under the gate (released while chunks move): fetches what received attachment messages wait for.</summary>
    private async Task DownloadAsync(RelaySession session, CancellationToken cancellationToken)
    {
        if (home.Messenger.Downloads.Count == 0)
        {
            return;
        }

        foreach (var outcome in await session.DownloadPendingAsync(cancellationToken, Gate))
        {
            if (outcome.Error is null)
            {
                options.OnDownloaded?.Invoke(outcome);
            }
        }
    }

    private async Task<Wake> WaitAsync(RelaySession session, TimeSpan idle, CancellationToken cancellationToken)
    {
        using var waiting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var delivery = session.Relay.Deliveries.WaitToReadAsync(waiting.Token).AsTask();
        var outbox = outboxChanged.Reader.WaitToReadAsync(waiting.Token).AsTask();
        var timer = Task.Delay(idle, home.Clock, waiting.Token);
        var first = await Task.WhenAny(delivery, outbox, timer);
        await waiting.CancelAsync();
        cancellationToken.ThrowIfCancellationRequested();
        if (first == delivery)
        {
            // Completed: false when the relay closed cleanly; the lost connection's reason when not.
            return await delivery ? Wake.Work : Wake.Closed;
        }

        return first == outbox ? Wake.Work : Wake.Idle;
    }

    private enum Wake
    {
        Work,
        Idle,
        Closed,
    }
}
