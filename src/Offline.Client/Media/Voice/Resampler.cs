namespace Offline.Client.Media.Voice;

/// <summary>
/// Converts mono audio at any rate from 8 to 96 kHz to 48 kHz with a Kaiser-windowed sinc filter.
/// Why windowed sinc rather than linear interpolation: linear interpolation folds everything above the
/// new Nyquist back into the band (96 kHz → 48 kHz) and leaves images of the old spectrum (8 kHz →
/// 48 kHz sounds metallic), and a lowpass added after it cannot remove what has already folded in. A
/// band-limited sinc does the anti-aliasing and the interpolation in one step, for any ratio, at about
/// 32 (upsampling) to 64 (96 kHz) multiply-adds per output sample.
///
/// The kernel: sinc(c·t)·c·kaiser(t / HalfWidth), c = the cutoff as a fraction of the input rate's
/// Nyquist (0.95 × min(1, 48k / input rate), leaving a 5 % transition band), HalfWidth = 16 zero
/// crossings of the cutoff sinc, β = 8 (about 80 dB of stopband). The kernel is tabulated at 512 points
/// per input sample and read with linear interpolation, so no sine is computed per tap.
/// </summary>
internal static class Resampler
{
    private const int ZeroCrossings = 16;
    private const int TablePointsPerUnit = 512;
    private const double KaiserBeta = 8.0;
    private const double Passband = 0.95;

    public static float[] To48k(float[] input, int inputRate)
    {
        if (inputRate == VoiceLimits.SampleRate)
        {
            return input;
        }

        var cutoff = Passband * Math.Min(1.0, (double)VoiceLimits.SampleRate / inputRate);
        var halfWidth = ZeroCrossings / cutoff;
        var table = KernelTable(cutoff, halfWidth);
        var outputLength = (int)((long)input.Length * VoiceLimits.SampleRate / inputRate);
        var output = new float[outputLength];
        var step = (double)inputRate / VoiceLimits.SampleRate;
        for (var n = 0; n < outputLength; n++)
        {
            output[n] = (float)Interpolate(input, n * step, halfWidth, table);
        }

        return output;
    }

    /// <summary>Σ x[k]·h(t - k) over the input samples within ±halfWidth of the fractional position t.</summary>
    private static double Interpolate(float[] input, double t, double halfWidth, double[] table)
    {
        var first = Math.Max(0, (int)Math.Ceiling(t - halfWidth));
        var last = Math.Min(input.Length - 1, (int)Math.Floor(t + halfWidth));
        var sum = 0.0;
        for (var k = first; k <= last; k++)
        {
            var position = Math.Abs(t - k) * TablePointsPerUnit;
            var index = (int)position;
            if (index + 1 >= table.Length)
            {
                continue;
            }

            var fraction = position - index;
            sum += input[k] * (table[index] + (fraction * (table[index + 1] - table[index])));
        }

        return sum;
    }

    private static double[] KernelTable(double cutoff, double halfWidth)
    {
        var table = new double[(int)Math.Ceiling(halfWidth * TablePointsPerUnit) + 2];
        var norm = BesselI0(KaiserBeta);
        for (var i = 0; i < table.Length; i++)
        {
            var t = (double)i / TablePointsPerUnit;
            if (t >= halfWidth)
            {
                break;
            }

            var x = Math.PI * cutoff * t;
            var sinc = i == 0 ? 1.0 : Math.Sin(x) / x;
            var ratio = t / halfWidth;
            var window = BesselI0(KaiserBeta * Math.Sqrt(1.0 - (ratio * ratio))) / norm;
            table[i] = cutoff * sinc * window;
        }

        return table;
    }

    /// <summary>The modified Bessel function of the first kind, order 0, by its power series (converges fast for β ≤ 10).</summary>
    private static double BesselI0(double x)
    {
        var sum = 1.0;
        var term = 1.0;
        var half = x / 2.0;
        for (var k = 1; k < 50; k++)
        {
            term *= half / k;
            var squared = term * term;
            sum += squared;
            if (squared < sum * 1e-17)
            {
                break;
            }
        }

        return sum;
    }
}
