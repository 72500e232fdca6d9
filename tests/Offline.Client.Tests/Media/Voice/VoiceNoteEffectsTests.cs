using Offline.Client.Media.Voice;
using Xunit.Abstractions;

namespace Offline.Client.Tests.Media.Voice;

/// <summary>
/// Each effect measured on the audio a recipient actually hears: a 2 s synthetic /a/ at 150 Hz is
/// encoded with the effect, the Ogg/Opus note decoded back, and its fundamental measured by YIN
/// (middle 0.3-1.7 s) or its spectrum by Goertzel (middle 0.5-1.5 s, Hann window, 1 Hz bins).
/// </summary>
public sealed class VoiceNoteEffectsTests(ITestOutputHelper output)
{
    private const int Rate = 48_000;
    private const double F0 = 150.0;
    private const double Seconds = 2.0;

    [Theory]
    [InlineData(VoiceEffect.Normal, 1.0, 0.02)]
    [InlineData(VoiceEffect.Deep, 0.75, 0.05)]
    [InlineData(VoiceEffect.High, 4.0 / 3.0, 0.05)]
    public void TryEncode_VoicedTone_ShiftsMeasuredPitchByTheEffectsRatio(VoiceEffect effect, double ratio, double tolerance)
    {
        var input = TestVoice.Vowel(F0, Seconds, Rate);
        var measuredIn = PitchMeter.MedianF0(input, Rate, 0.3, 1.7);

        var pcm = EncodeAndDecode(TestVoice.Wav(Rate, 16, input), effect);

        var measuredOut = PitchMeter.MedianF0(pcm, Rate, 0.3, 1.7);
        output.WriteLine($"{effect}: f0 in {measuredIn:F2} Hz, out {measuredOut:F2} Hz, ratio {measuredOut / measuredIn:F4} (expected {ratio:F4} ± {tolerance:P0})");
        Assert.InRange(measuredIn, F0 * 0.99, F0 * 1.01);
        Assert.InRange(measuredOut / measuredIn, ratio * (1 - tolerance), ratio * (1 + tolerance));
    }

    [Theory]
    [InlineData(VoiceEffect.Normal)]
    [InlineData(VoiceEffect.Deep)]
    [InlineData(VoiceEffect.High)]
    [InlineData(VoiceEffect.Robot)]
    public void TryEncode_AnyEffect_KeepsTheDurationToTheSample(VoiceEffect effect)
    {
        var input = TestVoice.Vowel(F0, Seconds, Rate);

        Assert.Equal(VoiceError.None, VoiceNoteEncoder.TryEncode(TestVoice.Wav(Rate, 16, input), effect, out var note));
        Assert.Equal(VoiceError.None, VoiceNoteDecoder.TryDecode(note!.OggOpus, out var pcm));

        // The final granule trims the padding of the last frame, so not even one frame (960) is added.
        Assert.Equal(input.Length, pcm.Length);
        Assert.Equal(2000, note.DurationMs);
    }

    [Fact]
    public void TryEncode_Robot_MovesTheFundamentalIntoSidebandsFiftyHertzAway()
    {
        var input = TestVoice.Vowel(F0, Seconds, Rate);
        var inputMarginDb = Power(input, F0) - Math.Max(Power(input, F0 - 50), Power(input, F0 + 50));

        var pcm = EncodeAndDecode(TestVoice.Wav(Rate, 16, input), VoiceEffect.Robot);

        var (lower, centre, upper) = (Power(pcm, F0 - 50), Power(pcm, F0), Power(pcm, F0 + 50));
        var marginDb = Math.Min(lower, upper) - centre;
        output.WriteLine($"input: f0 {Power(input, F0):F1} dB, f0±50 {inputMarginDb:F1} dB below it");
        output.WriteLine($"robot: {F0 - 50} Hz {lower:F1} dB, {F0} Hz {centre:F1} dB, {F0 + 50} Hz {upper:F1} dB; weaker sideband {marginDb:F1} dB above f0");
        Assert.True(inputMarginDb > 30, "the input has its energy at f0, none 50 Hz away");
        Assert.True(marginDb >= 20, $"sidebands only {marginDb:F1} dB above the suppressed f0");
    }

    [Fact]
    public void ShiftPitch_PureSine_MovesItExactlyByTheRatio()
    {
        // Without Opus in between: the shifter alone on a 400 Hz sine.
        var sine = TestVoice.Sine(400, 1.0, Rate);
        foreach (var (ratio, expected) in new[] { (VoiceEffects.DeepRatio, 300.0), (VoiceEffects.HighRatio, 400.0 * 4 / 3) })
        {
            var shifted = VoiceEffects.ShiftPitch(sine, ratio);
            Assert.Equal(sine.Length, shifted.Length);
            var atExpected = PitchMeter.PowerDb(shifted, Rate, expected, 0.2, 0.9);
            var atOriginal = PitchMeter.PowerDb(shifted, Rate, 400, 0.2, 0.9);
            output.WriteLine($"ratio {ratio:F4}: {expected:F1} Hz {atExpected:F1} dB, 400 Hz {atOriginal:F1} dB");
            Assert.True(atExpected - atOriginal > 30, $"ratio {ratio}: only {atExpected - atOriginal:F1} dB between the shifted and the original tone");
        }
    }

    [Fact]
    public void TryEncode_Waveform_FollowsTheLoudnessOfEqualSlices()
    {
        var input = TestVoice.Vowel(F0, Seconds, Rate);
        for (var i = input.Length / 2; i < input.Length; i++)
        {
            input[i] *= 0.25f;
        }

        Assert.Equal(VoiceError.None, VoiceNoteEncoder.TryEncode(TestVoice.Wav(Rate, 32, input), VoiceEffect.Normal, out var note));

        Assert.Equal(100, note!.Waveform.Length);
        Assert.Equal(255, note.Waveform.Max());
        Assert.All(note.Waveform[2..48], level => Assert.InRange(level, 245, 255));
        Assert.All(note.Waveform[52..98], level => Assert.InRange(level, 59, 69));
    }

    private static double Power(float[] x, double frequency) => PitchMeter.PowerDb(x, Rate, frequency, 0.5, 1.5);

    private static float[] EncodeAndDecode(byte[] wav, VoiceEffect effect)
    {
        Assert.Equal(VoiceError.None, VoiceNoteEncoder.TryEncode(wav, effect, out var note));
        Assert.Equal(VoiceError.None, VoiceNoteDecoder.TryDecode(note!.OggOpus, out var pcm));
        return pcm;
    }
}
