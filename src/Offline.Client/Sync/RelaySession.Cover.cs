using System.Security.Cryptography;
using Offline.Protocol.Wire;

namespace Offline.Client.Sync;

/// <summary>
/// The loop queue and cover of a paced connection (docs/TRAFFIC.md, rules 3 and 5): a queue with a
/// random address and owner secret lives exactly as long as the connection; before each cell, when
/// less than a cell's worth is queued and fewer than <see cref="ClientLimits.MaxCoversInFlight"/> covers
/// are in flight, a sealed cover message is sent to it; what comes back on it is acknowledged and
/// dropped on the read loop, so it never reaches <see cref="Transport.RelayClient.Deliveries"/>.
/// </summary>
public sealed partial class RelaySession
{
    private byte[]? loopAddress;
    private byte[]? loopSecret;
    private int coversInFlight;
    private int coversReturned;

    /// <summary>Cover messages sent and not yet delivered back (for tests).</summary>
    public int CoversInFlight => Volatile.Read(ref coversInFlight);

    /// <summary>Cover messages that came back on the loop queue and were dropped (for tests).</summary>
    public int CoversReturned => Volatile.Read(ref coversReturned);

    /// <summary>The loop queue's address on a paced connection (for tests and the observer benchmark), else null.</summary>
    public ReadOnlyMemory<byte>? LoopAddress => loopAddress is null ? (ReadOnlyMemory<byte>?)null : new ReadOnlyMemory<byte>(loopAddress);

    /// <summary>The loop queue's owner secret (tests check the queue is gone after the connection).</summary>
    internal ReadOnlyMemory<byte>? LoopSecret => loopSecret is null ? (ReadOnlyMemory<byte>?)null : new ReadOnlyMemory<byte>(loopSecret);

    /// <summary>Creates and subscribes the loop queue (both requests in flight together), then starts cover.</summary>
    private async Task OpenLoopQueueAsync(CancellationToken cancellationToken)
    {
        loopAddress = RandomNumberGenerator.GetBytes(RelayWire.AddressSize);
        loopSecret = RandomNumberGenerator.GetBytes(RelayWire.OwnerSecretSize);
        Relay.InterceptDelivery = OnLoopDelivery;
        var create = Relay.CreateQueueAsync(loopAddress, loopSecret, ClientLimits.LoopQueueInactivityDays, cancellationToken);
        var subscribe = Relay.SubscribeAsync(loopAddress, loopSecret, cancellationToken);
        await create;
        await subscribe;
        Relay.CoverSource = QueueCover;
    }

    /// <summary>Best effort, bounded: a loop queue left behind expires on its own (7 days) and holds only cover.</summary>
    private async Task CloseLoopQueueAsync()
    {
        Relay.CoverSource = null;
        if (loopAddress is null || !Relay.IsConnected)
        {
            return;
        }

        using var bound = new CancellationTokenSource(ClientLimits.RelayTimeout);
        try
        {
            await Relay.DeleteQueueAsync(loopAddress, loopSecret!, bound.Token);
        }
        catch (Exception e) when (e is Transport.RelayException or OperationCanceledException)
        {
            // The connection ends anyway.
        }
        finally
        {
            // The secret dies with the connection: nothing can use the queue again (it holds only cover).
            CryptographicOperations.ZeroMemory(loopSecret);
        }
    }

    private void QueueCover()
    {
        if (Relay.QueuedBytes >= Relay.CellCapacity || Volatile.Read(ref coversInFlight) >= ClientLimits.MaxCoversInFlight)
        {
            return;
        }

        Interlocked.Increment(ref coversInFlight);
        var sent = Relay.SendAsync(loopAddress!, home.Messenger.SealCover(), 0, CancellationToken.None);
        _ = sent.ContinueWith(
            _ => Interlocked.Decrement(ref coversInFlight),
            CancellationToken.None,
            TaskContinuationOptions.NotOnRanToCompletion | TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    /// <summary>A delivery on the loop queue is cover coming back: acknowledge it without waiting, drop it.</summary>
    private bool OnLoopDelivery(DeliveryBody delivery)
    {
        if (loopAddress is null || !delivery.Address.AsSpan().SequenceEqual(loopAddress))
        {
            return false;
        }

        Interlocked.Increment(ref coversReturned);
        if (Interlocked.Decrement(ref coversInFlight) < 0)
        {
            Interlocked.Exchange(ref coversInFlight, 0);
        }

        Forget(Relay.AckAsync(loopAddress, loopSecret!, delivery.MessageId, CancellationToken.None));
        return true;
    }

    /// <summary>A request whose answer nobody waits for: its failure is observed and dropped (a lost connection shows elsewhere).</summary>
    private static void Forget(Task answer) =>
        answer.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
}
