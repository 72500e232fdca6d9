namespace Offline.Client.Traffic;

/// <summary>
/// How a client's connection looks on the wire (docs/TRAFFIC.md). A paced profile sends one cell of
/// <see cref="CellSize"/> bytes every <see cref="SlotPeriod"/> (each send time jittered 30–200 ms),
/// whether or not the user is talking; real frames take the place of cover. <see cref="Off"/> sends
/// padded frames only when there is something to send: cheaper, and an observer can see activity.
/// </summary>
public sealed record TrafficProfile(string Name, TimeSpan SlotPeriod, int CellSize, bool Paced)
{
    /// <summary>Two cells a second each way: chat that feels live (about 2–2.5 s per message), for desktops on flat-rate links.</summary>
    public static readonly TrafficProfile Strict = new("strict", TimeSpan.FromMilliseconds(500), 1024, true);

    /// <summary>The default: one cell a second each way; messages arrive in about 4–5 s (a message takes about four slots: the sender's cell, the relay, the recipient's next cell, and the cells of whatever was queued ahead).</summary>
    public static readonly TrafficProfile Standard = new("standard", TimeSpan.FromSeconds(1), 1024, true);

    /// <summary>For phones and metered links: one cell every 5 s each way; messages take about 20–25 s.</summary>
    public static readonly TrafficProfile Light = new("light", TimeSpan.FromSeconds(5), 1024, true);

    /// <summary>No schedule and no cover: frames go when needed (still padded, still jittered). An observer sees when you talk.</summary>
    public static readonly TrafficProfile Off = new("off", TimeSpan.Zero, 0, false);

    public static readonly TrafficProfile Default = Standard;

    /// <summary>
    /// Not a user's choice: the shape of the short-lived bulk connection that carries attachments on
    /// <see cref="Standard"/> and <see cref="Light"/> (16 KiB cells every 250 ms, the count padded to a
    /// power of two; docs/TRAFFIC.md, "Attachments").
    /// </summary>
    public static readonly TrafficProfile Bulk = new("bulk", TimeSpan.FromMilliseconds(ClientLimits.BulkPeriodMs), ClientLimits.BulkCellSize, true);

    public static IReadOnlyList<TrafficProfile> All { get; } = [Strict, Standard, Light, Off];

    /// <summary>Bytes per day both ways together while online all day, counting cell payloads only (TLS/TCP add ~3–6 %).</summary>
    public long BytesPerDay => Paced ? (long)(2 * CellSize * (TimeSpan.FromDays(1) / SlotPeriod)) : 0;

    /// <summary>The profile named <paramref name="name"/> (case-insensitive), or null.</summary>
    public static TrafficProfile? Find(string? name) =>
        All.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>The same profile with another slot period (tests and benchmarks run faster schedules; the shape is the same).</summary>
    public TrafficProfile WithSlotPeriod(TimeSpan period)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(period, TimeSpan.Zero);
        return this with { SlotPeriod = period };
    }
}
