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
        var now = Stopwatch.GetTimestamp();
        tokens = Math.Min(burst, tokens + ((now - last) * perSecond / (double)Stopwatch.Frequency));
        last = now;
        if (tokens < 1)
        {
            return false;
        }

        tokens -= 1;
        return true;
    }
}
