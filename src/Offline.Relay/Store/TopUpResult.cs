namespace Offline.Relay.Store;

/// <summary>
/// What a top-up did, and the ids of every one-time prekey the entry holds after it, in hand-out
/// order (before it, for <see cref="TopUpOutcome.OverLimit"/>; none for <see cref="TopUpOutcome.NoEntry"/>).
/// <paramref name="Added"/> counts the prekeys that were new (or would have been, over the limit).
/// </summary>
internal sealed record TopUpResult(TopUpOutcome Outcome, IReadOnlyList<uint> HeldIds, int Added)
{
    public static TopUpResult NoEntry { get; } = new(TopUpOutcome.NoEntry, [], 0);
}
