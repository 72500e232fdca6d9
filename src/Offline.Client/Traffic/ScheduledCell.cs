namespace Offline.Client.Traffic;

/// <summary>
/// One cell the <see cref="OutboundScheduler"/> sent: its slot number, its nominal time and the time it
/// actually left (both from the schedule's start), the jitter drawn for it, its payload bytes, and the
/// total stream bytes sent up to and including it (to find the cell that carried a given frame).
/// </summary>
public readonly record struct ScheduledCell(long Slot, TimeSpan Nominal, int JitterMs, TimeSpan Sent, int PayloadBytes, long StreamBytesSent);
