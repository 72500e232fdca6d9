using System.Diagnostics;

namespace Offline.Tor.Tests.Network;

/// <summary>Bounded waits on a condition: poll, and fail with a message when the deadline passes.</summary>
public static class Wait
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(200);

    public static Task UntilAsync(Func<bool> condition, TimeSpan deadline, Func<string> failure) =>
        UntilAsync(() => Task.FromResult(condition()), deadline, failure);

    public static async Task UntilAsync(Func<Task<bool>> condition, TimeSpan deadline, Func<string> failure)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > deadline)
            {
                throw new TimeoutException($"{failure()} (waited {deadline.TotalSeconds:0} s)");
            }

            await Task.Delay(Poll);
        }
    }

    /// <summary>Retries <paramref name="attempt"/> until it succeeds or the deadline passes; returns its result.</summary>
    public static async Task<T> RetryAsync<T>(Func<Task<T>> attempt, TimeSpan deadline, string what)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                return await attempt();
            }
            catch (Exception e) when (clock.Elapsed < deadline && e is not OutOfMemoryException)
            {
                await Task.Delay(Poll);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                throw new TimeoutException($"{what} did not succeed within {deadline.TotalSeconds:0} s: {e.Message}", e);
            }
        }
    }
}
