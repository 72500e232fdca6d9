using System.Security.Cryptography;

namespace Offline.Client.Traffic;

/// <summary>
/// The random delay of each cell after its nominal slot time (docs/TRAFFIC.md, rule 2): a whole number
/// of milliseconds, uniform in [<see cref="ClientLimits.JitterMinMs"/>, <see cref="ClientLimits.JitterMaxMs"/>].
/// Pure over its random source, so tests can fix the draws; <see cref="Csprng"/> is the product's.
/// </summary>
public sealed class SlotJitter(Func<int, int, int> nextInt)
{
    /// <summary>Draws from the CSPRNG (<see cref="RandomNumberGenerator.GetInt32(int, int)"/>).</summary>
    public static SlotJitter Csprng { get; } = new(RandomNumberGenerator.GetInt32);

    /// <summary>The next delay in milliseconds; <c>nextInt(min, maxExclusive)</c> supplies the draw.</summary>
    public int NextMs()
    {
        var drawn = nextInt(ClientLimits.JitterMinMs, ClientLimits.JitterMaxMs + 1);
        if (drawn < ClientLimits.JitterMinMs || drawn > ClientLimits.JitterMaxMs)
        {
            throw new InvalidOperationException($"the random source drew {drawn}, outside [{ClientLimits.JitterMinMs}, {ClientLimits.JitterMaxMs}]");
        }

        return drawn;
    }
}
