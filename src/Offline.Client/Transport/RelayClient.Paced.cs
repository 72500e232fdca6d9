using System.Net.WebSockets;
using Offline.Client.Traffic;
using Offline.Protocol.Wire;

namespace Offline.Client.Transport;

/// <summary>
/// The paced half of a connection (docs/TRAFFIC.md): requests become stream frames queued in a
/// <see cref="CellWriter"/>, the <see cref="OutboundScheduler"/> is the only writer of the socket (one
/// cell per slot), and every message received is a cell read by a <see cref="CellReader"/>.
/// </summary>
public sealed partial class RelayClient
{
    private readonly CellWriter? cells;
    private readonly CellReader? cellReader;
    private readonly Lock enqueueGate = new();
    private readonly CancellationTokenSource scheduleStopping = new();
    private Task schedule = Task.CompletedTask;
    private long streamEnqueued;
    private long lastReceived = TimeProvider.System.GetTimestamp();
    private long cellsReceived;
    private long streamBytesReceived;
    private long receivedTarget = long.MaxValue;
    private TaskCompletionSource? receivedAll;

    /// <summary>The schedule of a paced connection (its chosen jitters and send times); null on a classic one.</summary>
    public OutboundScheduler? Scheduler { get; }

    /// <summary>
    /// The cover source (docs/TRAFFIC.md, rule 3): called on the schedule's thread just before each cell is
    /// built, so it can queue a cover message when too little is queued. Must not block.
    /// </summary>
    public Action? CoverSource { get; set; }

    /// <summary>Stream bytes queued and not yet in a cell (0 on a classic connection).</summary>
    public long QueuedBytes => cells?.BufferedBytes ?? 0;

    /// <summary>Payload bytes one cell carries (0 on a classic connection).</summary>
    public int CellCapacity => cells is null ? 0 : CellWire.Capacity(cells.CellSize);

    /// <summary>
    /// Sees each delivery before <see cref="Deliveries"/>; returning true consumes it (the session's loop
    /// queue: cover coming back never reaches the user). Called on the read loop; must not block.
    /// </summary>
    internal Func<DeliveryBody, bool>? InterceptDelivery { get; set; }

    /// <summary>
    /// True when a paced relay has stopped answering: lockstep means a cell back for every cell sent, so
    /// silence for the request timeout plus a few slots means a dead path the socket has not noticed.
    /// Always false on a classic connection (its keep-alive Ping times out instead).
    /// </summary>
    public bool IsSilent => Scheduler is not null
        && TimeProvider.System.GetElapsedTime(Interlocked.Read(ref lastReceived)) > requestTimeout + (Scheduler.Period * 4);

    /// <summary>Cells received from the relay so far (0 on a classic connection).</summary>
    public long CellsReceived => Interlocked.Read(ref cellsReceived);

    /// <summary>Stream payload bytes received in cells so far (0 on a classic connection).</summary>
    public long StreamBytesReceived => Interlocked.Read(ref streamBytesReceived);

    /// <summary>
    /// Plans a paced connection's cell count (docs/TRAFFIC.md, the bulk connection): see
    /// <see cref="OutboundScheduler.StopAtPlannedCount"/>. Only before the schedule starts (a pipelined connect).
    /// </summary>
    internal void PlanCellCount(long planned, Func<bool> mayStop) =>
        (Scheduler ?? throw new InvalidOperationException("only a paced connection has a cell count to plan")).StopAtPlannedCount(planned, mayStop);

    /// <summary>
    /// After a planned count: waits until the schedule has ended and the relay has replied to every
    /// cell sent (lockstep: as many cells come back as went out). Bounded; the caller closes after it.
    /// </summary>
    internal async Task FinishPlannedAsync(CancellationToken cancellationToken)
    {
        var scheduler = Scheduler ?? throw new InvalidOperationException("only a paced connection has a cell count to finish");
        try
        {
            // The plan may have doubled once or twice more than expected: bound by the cells sent so far, again.
            await schedule.WaitAsync(requestTimeout + (scheduler.Period * (scheduler.CellsSent + 2)), cancellationToken);
            var replies = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            Volatile.Write(ref receivedAll, replies);
            Interlocked.Exchange(ref receivedTarget, scheduler.CellsSent);
            CountReceivedCell(0, 0);
            if (closedBecause is { } lost)
            {
                replies.TrySetException(lost);
            }

            await replies.Task.WaitAsync(requestTimeout, cancellationToken);
        }
        catch (TimeoutException e)
        {
            throw new RelayException(RelayFailure.ConnectionLost, "The relay did not answer the last cells of a bulk connection in time.", null, e);
        }
    }

    /// <summary>Ends the connection at once, without letting queued cells drain (a cancelled bulk transfer).</summary>
    internal void Abort()
    {
        closedBecause ??= new RelayException(RelayFailure.ConnectionLost, "The connection was closed.");
        socket.Abort();
    }

    /// <summary>Counts a received cell and its payload; wakes <see cref="FinishPlannedAsync"/> when the relay has answered every cell sent.</summary>
    private void CountReceivedCell(int cells, int payloadBytes)
    {
        Interlocked.Add(ref streamBytesReceived, payloadBytes);
        var received = Interlocked.Add(ref cellsReceived, cells);
        if (received >= Interlocked.Read(ref receivedTarget))
        {
            Volatile.Read(ref receivedAll)?.TrySetResult();
        }
    }

    private void StartSchedule()
    {
        if (Scheduler is null)
        {
            return;
        }

        Scheduler.BeforeCell = () => CoverSource?.Invoke();
        schedule = Task.Run(RunScheduleAsync, CancellationToken.None);
    }

    private async Task RunScheduleAsync()
    {
        try
        {
            await Scheduler!.RunAsync(scheduleStopping.Token);
        }
        catch (OperationCanceledException) when (scheduleStopping.IsCancellationRequested)
        {
            // Closing.
        }
        catch (Exception e) when (e is RelayException or WebSocketException or IOException or ObjectDisposedException or InvalidOperationException)
        {
            // A cell that cannot be sent ends the connection; the read loop then fails every waiting request.
            closedBecause ??= e as RelayException ?? new RelayException(RelayFailure.ConnectionLost, $"Lost the connection to the relay: {Reason(e)}.", null, e);
            socket.Abort();
        }
    }

    /// <summary>
    /// Lets what is queued leave in its cells (bounded: the queued cells plus two slots), then stops the
    /// schedule, so a last Ack or DeleteQueue is not lost to the close.
    /// </summary>
    private async Task StopScheduleAsync()
    {
        if (Scheduler is null)
        {
            return;
        }

        if (cells!.BufferedBytes > 0 && IsConnected)
        {
            var drained = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            void OnCell(ScheduledCell _)
            {
                if (cells.IsEmpty)
                {
                    drained.TrySetResult();
                }
            }

            Scheduler.CellSent += OnCell;
            var bound = Scheduler.Period * ((cells.BufferedBytes / CellCapacity) + 2) + TimeSpan.FromMilliseconds(ClientLimits.JitterMaxMs);
            await drained.Task.WaitAsync(bound).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            Scheduler.CellSent -= OnCell;
        }

        await scheduleStopping.CancelAsync();
        await schedule.WaitAsync(TimeSpan.FromSeconds(2)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    /// <summary>The schedule's only way out. A cell is never cancelled half-sent: closing aborts the socket instead.</summary>
    private async Task SendCellAsync(byte[] cell, CancellationToken cancellationToken)
    {
        try
        {
            await socket.SendAsync(cell, WebSocketMessageType.Binary, endOfMessage: true, CancellationToken.None);
        }
        catch (Exception e) when (e is WebSocketException or IOException or ObjectDisposedException)
        {
            throw closedBecause ?? new RelayException(RelayFailure.ConnectionLost, $"Lost the connection to the relay: {Reason(e)}.", null, e);
        }
    }

    /// <summary>Queues a request as a stream frame; returns where its last byte sits in the outgoing stream.</summary>
    private long Enqueue(RelayOp op, uint id, byte[] body)
    {
        var frame = CellWire.EncodeStreamFrame(op, id, body);
        lock (enqueueGate)
        {
            cells!.Enqueue(frame);
            streamEnqueued += frame.Length;
            return streamEnqueued;
        }
    }

    /// <summary>How long to wait for an answer: on a paced connection also the slots the queue ahead of it needs.</summary>
    private TimeSpan AnswerTimeout() =>
        cells is null ? requestTimeout : requestTimeout + (Scheduler!.Period * ((cells.BufferedBytes / CellCapacity) + 4));

    /// <summary>The jitter of the cell that carried stream byte <paramref name="streamEnd"/>, if still in the schedule's history.</summary>
    private int? SlotJitterFor(long streamEnd)
    {
        if (Scheduler is null)
        {
            return null;
        }

        foreach (var cell in Scheduler.Recent)
        {
            if (cell.StreamBytesSent >= streamEnd)
            {
                return cell.JitterMs;
            }
        }

        return null;
    }
}
