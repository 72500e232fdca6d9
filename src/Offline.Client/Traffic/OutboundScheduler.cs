using System.Buffers.Binary;
using Offline.Protocol.Wire;

namespace Offline.Client.Traffic;

/// <summary>
/// Sends one cell per slot on a paced connection (docs/TRAFFIC.md, rule 2): slot <c>k</c> has the
/// nominal time <c>start + k × period</c>, and its cell leaves at the nominal time plus a fresh
/// <see cref="SlotJitter"/> draw. Late (a slow machine, a suspended process) it sends at once and
/// skips the slots whose jitter window has already passed: never cells to catch up. Just before each cell is built
/// it calls <see cref="BeforeCell"/> (the cover source, rule 3). The last
/// <see cref="ClientLimits.ScheduleHistory"/> cells are kept in <see cref="Recent"/> for tests and benchmarks.
/// </summary>
public sealed class OutboundScheduler
{
    private static readonly TimeSpan MaxJitter = TimeSpan.FromMilliseconds(ClientLimits.JitterMaxMs);

    private readonly CellWriter writer;
    private readonly Func<byte[], CancellationToken, Task> send;
    private readonly SlotJitter jitter;
    private readonly TimeProvider clock;
    private readonly Queue<ScheduledCell> recent = new();
    private readonly Lock gate = new();
    private long streamBytesSent;
    private long cellsSent;
    private long cellLimit = long.MaxValue;
    private Func<bool>? mayStop;

    public OutboundScheduler(CellWriter writer, TimeSpan period, Func<byte[], CancellationToken, Task> send, SlotJitter? jitter = null, TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(send);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(period, TimeSpan.Zero);
        this.writer = writer;
        this.send = send;
        Period = period;
        this.jitter = jitter ?? SlotJitter.Csprng;
        this.clock = clock ?? TimeProvider.System;
    }

    public TimeSpan Period { get; }

    /// <summary>The clock's timestamp of slot 0's nominal time (for lining the schedule up with a recording).</summary>
    public long StartTimestamp { get; private set; }

    /// <summary>Called on the schedule's thread just before each cell is built; must not block.</summary>
    public Action? BeforeCell { get; set; }

    /// <summary>Raised as each cell is handed to the socket (its <see cref="ScheduledCell.Sent"/> is that moment).</summary>
    public event Action<ScheduledCell>? CellSent;

    /// <summary>The most recent cells sent, oldest first.</summary>
    public IReadOnlyList<ScheduledCell> Recent
    {
        get
        {
            lock (gate)
            {
                return [.. recent];
            }
        }
    }

    /// <summary>Stream bytes handed to cells so far.</summary>
    public long StreamBytesSent => Interlocked.Read(ref streamBytesSent);

    /// <summary>Cells handed to the socket so far.</summary>
    public long CellsSent => Interlocked.Read(ref cellsSent);

    /// <summary>
    /// Ends the schedule at a planned count (a bulk connection, docs/TRAFFIC.md): once
    /// <paramref name="planned"/> cells have been sent, just before the next one, <paramref name="mayStop"/>
    /// is asked (on the schedule's thread); true ends <see cref="RunAsync"/>, false doubles the count
    /// and goes on, so a planned power of two stays one. Call before the schedule starts.
    /// </summary>
    public void StopAtPlannedCount(long planned, Func<bool> mayStop)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(planned, 1);
        ArgumentNullException.ThrowIfNull(mayStop);
        cellLimit = planned;
        this.mayStop = mayStop;
    }

    /// <summary>The smallest power of two ≥ <paramref name="cells"/>, and at least <paramref name="minimum"/>.</summary>
    public static long PaddedCount(long cells, int minimum)
    {
        var total = 1L;
        while (total < cells)
        {
            total *= 2;
        }

        return Math.Max(total, minimum);
    }

    /// <summary>Sends cells until cancelled, until sending fails (the exception ends the task) or until the <see cref="StopAfter"/> count.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var start = clock.GetTimestamp();
        StartTimestamp = start;
        for (long slot = 0; ; slot++)
        {
            // (1) the slot's nominal time. A slot whose whole jitter window has passed is missed (a
            // suspended process, a starved machine): skip it rather than send cells to catch up.
            var elapsed = clock.GetElapsedTime(start);
            while ((Period * slot) + MaxJitter < elapsed)
            {
                slot++;
            }

            var nominal = Period * slot;

            // (2) wait for nominal + jitter; if that has passed, send at once.
            var jitterMs = jitter.NextMs();
            var due = nominal + TimeSpan.FromMilliseconds(jitterMs);
            // Timers round to the millisecond: wait again until the due time has really passed, never early.
            TimeSpan wait;
            while ((wait = due - clock.GetElapsedTime(start)) > TimeSpan.Zero)
            {
                await Task.Delay(wait, clock, cancellationToken);
            }

            // (3) cover if needed, then the cell, unless the connection's cell count is complete.
            if (mayStop is not null && CellsSent >= cellLimit)
            {
                if (mayStop())
                {
                    return;
                }

                cellLimit *= 2;
            }

            BeforeCell?.Invoke();
            var cell = writer.NextCell();
            var payload = BinaryPrimitives.ReadUInt16BigEndian(cell.AsSpan(1));
            Record(new ScheduledCell(slot, nominal, jitterMs, clock.GetElapsedTime(start), payload, Interlocked.Add(ref streamBytesSent, payload)));
            await send(cell, cancellationToken);
            Interlocked.Increment(ref cellsSent);
        }
    }

    private void Record(ScheduledCell cell)
    {
        lock (gate)
        {
            recent.Enqueue(cell);
            while (recent.Count > ClientLimits.ScheduleHistory)
            {
                recent.Dequeue();
            }
        }

        CellSent?.Invoke(cell);
    }
}
