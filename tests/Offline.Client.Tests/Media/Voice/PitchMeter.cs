namespace Offline.Client.Tests.Media.Voice;

/// <summary>
/// Measurements written for the tests, independent of the code under test: YIN (de Cheveigné and
/// Kawahara 2002) for the fundamental, Goertzel for the power at one frequency.
/// </summary>
internal static class PitchMeter
{
    private const int Window = 2048;
    private const double Threshold = 0.15;

    /// <summary>The median YIN f0 over 42 ms windows every 20 ms between <paramref name="fromSeconds"/> and <paramref name="toSeconds"/>, searching 60-500 Hz.</summary>
    public static double MedianF0(float[] x, int rate, double fromSeconds, double toSeconds)
    {
        var estimates = new List<double>();
        var minLag = rate / 500;
        var maxLag = rate / 60;
        for (var start = (int)(fromSeconds * rate); start + Window + maxLag < Math.Min(x.Length, toSeconds * rate); start += rate / 50)
        {
            var f0 = Yin(x, start, minLag, maxLag, rate);
            if (f0 > 0)
            {
                estimates.Add(f0);
            }
        }

        Assert.True(estimates.Count >= 10, $"only {estimates.Count} voiced windows");
        estimates.Sort();
        return estimates[estimates.Count / 2];
    }

    private static double Yin(float[] x, int start, int minLag, int maxLag, int rate)
    {
        // Step 2: the difference function; step 3: cumulative-mean normalisation.
        var d = new double[maxLag + 2];
        for (var lag = 1; lag <= maxLag + 1; lag++)
        {
            var sum = 0.0;
            for (var j = 0; j < Window; j++)
            {
                var diff = x[start + j] - x[start + j + lag];
                sum += diff * diff;
            }

            d[lag] = sum;
        }

        var normalised = new double[maxLag + 2];
        var running = 0.0;
        for (var lag = 1; lag <= maxLag + 1; lag++)
        {
            running += d[lag];
            normalised[lag] = running > 0 ? d[lag] * lag / running : 1.0;
        }

        // Step 4: the first dip under the threshold, followed to its minimum; step 5: parabolic interpolation.
        for (var lag = minLag; lag <= maxLag; lag++)
        {
            if (normalised[lag] >= Threshold)
            {
                continue;
            }

            while (lag + 1 <= maxLag && normalised[lag + 1] < normalised[lag])
            {
                lag++;
            }

            var (a, b, c) = (normalised[lag - 1], normalised[lag], normalised[lag + 1]);
            var denominator = a - (2 * b) + c;
            var shift = denominator != 0 ? 0.5 * (a - c) / denominator : 0;
            return rate / (lag + shift);
        }

        return 0;
    }

    /// <summary>The power (dB, arbitrary reference) at <paramref name="frequency"/> over a Hann-windowed stretch, by the Goertzel recurrence.</summary>
    public static double PowerDb(float[] x, int rate, double frequency, double fromSeconds, double toSeconds)
    {
        var start = (int)(fromSeconds * rate);
        var n = (int)((toSeconds - fromSeconds) * rate);
        var coefficient = 2 * Math.Cos(2 * Math.PI * frequency / rate);
        double s1 = 0, s2 = 0;
        for (var i = 0; i < n; i++)
        {
            var window = 0.5 - (0.5 * Math.Cos(2 * Math.PI * i / (n - 1)));
            var s0 = (x[start + i] * window) + (coefficient * s1) - s2;
            (s2, s1) = (s1, s0);
        }

        var power = (s1 * s1) + (s2 * s2) - (coefficient * s1 * s2);
        return 10 * Math.Log10((power / n / n) + 1e-30);
    }
}
