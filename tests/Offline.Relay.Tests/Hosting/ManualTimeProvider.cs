namespace Offline.Relay.Tests.Hosting;

/// <summary>A clock the tests move by whole days.</summary>
internal sealed class ManualTimeProvider : TimeProvider
{
    private DateTimeOffset now = new(2026, 1, 15, 12, 0, 0, TimeSpan.Zero);

    public override DateTimeOffset GetUtcNow() => now;

    public void AdvanceDays(int days) => now = now.AddDays(days);
}
