namespace Offline.Client.Media.Voice;

/// <summary>
/// The bar graph a player draws before the note is played: the note cut into min(100, samples) equal
/// slices (slice i = samples [i·n/L, (i+1)·n/L)), the peak |x| of each, scaled so the loudest slice is
/// 255 (all 0 for digital silence), rounded to the nearest integer.
/// </summary>
internal static class Waveform
{
    public static byte[] Levels(ReadOnlySpan<float> samples)
    {
        var count = Math.Min(VoiceLimits.WaveformLevels, samples.Length);
        var peaks = new float[count];
        for (var i = 0; i < count; i++)
        {
            var start = (int)((long)i * samples.Length / count);
            var end = (int)((long)(i + 1) * samples.Length / count);
            foreach (var x in samples[start..end])
            {
                peaks[i] = Math.Max(peaks[i], Math.Abs(x));
            }
        }

        var loudest = count == 0 ? 0f : peaks.Max();
        var levels = new byte[count];
        if (loudest > 0f)
        {
            for (var i = 0; i < count; i++)
            {
                levels[i] = (byte)Math.Round(255.0 * peaks[i] / loudest);
            }
        }

        return levels;
    }
}
