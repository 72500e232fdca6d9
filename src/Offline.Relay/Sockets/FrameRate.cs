using System.Diagnostics;

namespace Offline.Relay.Sockets;

/// <summary>
/// A token bucket on the monotonic clock: <c>perSecond</c> frames sustained, <c>burst</c> at once.
/// Monotonic ticks never leave this object, so no time of day is involved.
/// </summary>
internal sealed class FrameRate(int perSecond, int burst)
{
    private double tokens = burst;
    private long last = Stopwatch.GetTimestamp();

    public bool TryTake()
    {
        Refill();
        if (tokens < 1)
        {
            return false;
        }

        tokens -= 1;
        return true;
    }

    /// <summary>
    /// Takes a token even when none is left, and returns how long the caller must wait before going on
    /// (zero within the budget). A caller that waits each time never owes more than one token, so the
    /// sustained rate holds without closing anything.
    /// </summary>
    public TimeSpan Borrow()
    {
        Refill();
        tokens -= 1;
        return tokens >= 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(-tokens / perSecond);
    }

    private void Refill()
    {
        var now = Stopwatch.GetTimestamp();
        tokens = Math.Min(burst, tokens + ((now - last) * perSecond / (double)Stopwatch.Frequency));
        last = now;
    }
}
