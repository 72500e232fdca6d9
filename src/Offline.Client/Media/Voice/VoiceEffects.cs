namespace Offline.Client.Media.Voice;

/// <summary>
/// The voice disguises, on 48 kHz mono float samples. The web app implements exactly this, so the
/// steps are spelled out to the constant (n counts samples from 0, fs = 48,000):
///
/// Deep (r = 0.75) and High (r = 4/3): a two-tap delay-line (granular) pitch shifter.
///   1. Grain length N = 40 ms = 1,920 samples. A delay line holds the input; samples before the
///      start are 0. Write x[n] into the line before reading.
///   2. One phase p, starting at 0, advances after each output sample by (1 - r) / N and wraps into
///      [0, 1) (so it rises for Deep and falls for High).
///   3. Tap A reads x at delay dA = p·N, tap B at delay dB = ((p + 0.5) mod 1)·N, each with linear
///      interpolation between the two nearest samples: x(n - d) = (1 - f)·x[n - i] + f·x[n - i - 1]
///      with i = floor(d), f = d - i. A delay that changes by (1 - r) per sample reads the input at
///      r times its speed, which multiplies every frequency by r.
///   4. Hann crossfade: y[n] = sin²(π·p)·A + cos²(π·p)·B. The gains sum to 1, and each tap is silent
///      exactly when its delay wraps (A at p = 0, B at p = 0.5), so the jump is never heard.
///   5. The output has as many samples as the input: the duration is kept (every sample is about
///      N/2 = 20 ms late on average, and the last ~20 ms of the input are not heard).
/// Robot: ring modulation, y[n] = x[n]·sin(2π·50·n / fs). Every partial f becomes f - 50 and f + 50;
///   the original partials vanish, which gives the metallic "robot" timbre. No pitch shift.
/// Normal: y = x.
/// Why these: they are tiny, deterministic and identical in C# and JS, and they change what
/// identifies a voice most (pitch, or the harmonic structure itself) while speech stays intelligible.
/// They are a disguise, not anonymisation: a determined analyst can partly undo a known shift.
/// </summary>
internal static class VoiceEffects
{
    public const int GrainSamples = VoiceLimits.SampleRate * 40 / 1000;
    public const double DeepRatio = 0.75;
    public const double HighRatio = 4.0 / 3.0;
    public const double RobotCarrierHz = 50.0;

    public static float[] Apply(float[] samples, VoiceEffect effect) => effect switch
    {
        VoiceEffect.Normal => samples,
        VoiceEffect.Deep => ShiftPitch(samples, DeepRatio),
        VoiceEffect.High => ShiftPitch(samples, HighRatio),
        VoiceEffect.Robot => RingModulate(samples, RobotCarrierHz),
        _ => throw new ArgumentOutOfRangeException(nameof(effect), effect, "unknown voice effect"),
    };

    /// <summary>Steps 1-5 above.</summary>
    public static float[] ShiftPitch(float[] input, double ratio)
    {
        const int n = GrainSamples;
        var output = new float[input.Length];
        var step = (1.0 - ratio) / n;
        var phase = 0.0;
        for (var i = 0; i < input.Length; i++)
        {
            var phaseB = phase + 0.5;
            if (phaseB >= 1.0)
            {
                phaseB -= 1.0;
            }

            var a = ReadDelayed(input, i, phase * n);
            var b = ReadDelayed(input, i, phaseB * n);
            var gainA = Math.Sin(Math.PI * phase);
            gainA *= gainA;
            output[i] = (float)((gainA * a) + ((1.0 - gainA) * b));

            phase += step;
            phase -= Math.Floor(phase);
        }

        return output;
    }

    /// <summary>Step 3: x(n - d) by linear interpolation; samples before the start are 0. The "delay line" is the input itself.</summary>
    private static double ReadDelayed(float[] input, int n, double delay)
    {
        var whole = (int)delay;
        var fraction = delay - whole;
        var newer = n - whole;
        var older = newer - 1;
        var x0 = newer >= 0 ? input[newer] : 0f;
        var x1 = older >= 0 ? input[older] : 0f;
        return ((1.0 - fraction) * x0) + (fraction * x1);
    }

    public static float[] RingModulate(float[] input, double carrierHz)
    {
        var output = new float[input.Length];
        var omega = 2.0 * Math.PI * carrierHz / VoiceLimits.SampleRate;
        for (var i = 0; i < input.Length; i++)
        {
            output[i] = (float)(input[i] * Math.Sin(omega * i));
        }

        return output;
    }
}
