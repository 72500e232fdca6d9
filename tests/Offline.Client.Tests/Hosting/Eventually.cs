namespace Offline.Client.Tests.Hosting;

/// <summary>Bounded waits on conditions: the tests never sleep for a fixed time and hope.</summary>
internal static class Eventually
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(20);

    public static Task TrueAsync(Func<bool> condition, TimeSpan within, string what) =>
        TrueAsync(() => Task.FromResult(condition()), within, what);

    public static async Task TrueAsync(Func<Task<bool>> condition, TimeSpan within, string what)
    {
        var deadline = DateTime.UtcNow + within;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"within {within.TotalSeconds:0.#} s: {what}");
            }

            await Task.Delay(Poll);
        }
    }
}
