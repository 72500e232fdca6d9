using Offline.Client.Traffic;

namespace Offline.Client.Tests.Traffic;

public class SlotJitterTests
{
    [Fact]
    public void NextMs_SourceAtItsBounds_GivesThirtyAndTwoHundred()
    {
        Assert.Equal(30, new SlotJitter((min, _) => min).NextMs());
        Assert.Equal(200, new SlotJitter((_, maxExclusive) => maxExclusive - 1).NextMs());
    }

    [Fact]
    public void NextMs_SourceOutsideTheRange_Throws() =>
        Assert.Throws<InvalidOperationException>(() => new SlotJitter((_, maxExclusive) => maxExclusive).NextMs());

    [Fact]
    public void NextMs_ManyCsprngDraws_AllWithinThirtyToTwoHundredAndReachBothEnds()
    {
        var draws = Enumerable.Range(0, 20_000).Select(_ => SlotJitter.Csprng.NextMs()).ToList();

        Assert.All(draws, d => Assert.InRange(d, 30, 200));
        Assert.InRange(draws.Min(), 30, 32);
        Assert.InRange(draws.Max(), 198, 200);

        // Uniform: each half of the range gets about half of the draws.
        var low = draws.Count(d => d <= 115) / (double)draws.Count;
        Assert.InRange(low, 0.47, 0.53);
    }
}
