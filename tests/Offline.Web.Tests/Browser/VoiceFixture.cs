using System.Text;

namespace Offline.Web.Tests.Browser;

/// <summary>
/// A browser fixture whose Chromium has a microphone that plays a known voice: Chromium's fake capture
/// device reads <see cref="ToneWavPath"/>, a WAV this fixture synthesizes (a 150 Hz sawtooth-like voiced
/// tone with formant peaks, 48 kHz mono 16-bit, a whole number of periods so its loop is seamless), and the
/// permission prompt is answered yes. Used by the voice tests only, so no other test gets a microphone.
/// </summary>
public sealed class VoiceFixture : IAsyncLifetime
{
    public const int SampleRate = 48_000;
    public const double ToneHz = 150;

    private readonly string folder = Path.Combine(Path.GetTempPath(), "offline-voice-" + Guid.NewGuid().ToString("N"));
    private BrowserFixture? browser;

    public BrowserFixture Browser => browser!;

    public string ToneWavPath => Path.Combine(folder, "tone150.wav");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(folder);
        await File.WriteAllBytesAsync(ToneWavPath, VoicedToneWav(seconds: 4));
        browser = new BrowserFixture([
            "--use-fake-ui-for-media-stream",
            "--use-fake-device-for-media-stream",
            $"--use-file-for-fake-audio-capture={ToneWavPath}",
            "--autoplay-policy=no-user-gesture-required",
        ]);
        await browser.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        try
        {
            if (browser is not null)
            {
                await browser.DisposeAsync();
            }
        }
        finally
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    /// <summary>
    /// Harmonics of <see cref="ToneHz"/> up to 4 kHz at 1/h (a sawtooth), lifted around 700 Hz and 1.2 kHz
    /// (formant-like), peak-normalized to half full scale.
    /// </summary>
    internal static byte[] VoicedToneWav(int seconds)
    {
        var period = (int)(SampleRate / ToneHz);
        var cycle = new double[period];
        for (var h = 1; h * ToneHz <= 4000; h++)
        {
            var f = h * ToneHz;
            var weight = (1.0 / h) * (1 + (3 * Math.Exp(-Math.Pow((f - 700) / 150, 2))) + (2 * Math.Exp(-Math.Pow((f - 1200) / 200, 2))));
            for (var n = 0; n < period; n++)
            {
                cycle[n] += weight * Math.Sin(2 * Math.PI * h * n / period);
            }
        }

        var peak = cycle.Max(Math.Abs);
        var samples = seconds * SampleRate;
        using var stream = new MemoryStream();
        using var writer = new BinaryWriter(stream, Encoding.ASCII);
        writer.Write("RIFF"u8);
        writer.Write(36 + (samples * 2));
        writer.Write("WAVEfmt "u8);
        writer.Write(16);
        writer.Write((short)1);
        writer.Write((short)1);
        writer.Write(SampleRate);
        writer.Write(SampleRate * 2);
        writer.Write((short)2);
        writer.Write((short)16);
        writer.Write("data"u8);
        writer.Write(samples * 2);
        for (var n = 0; n < samples; n++)
        {
            writer.Write((short)Math.Round(0.5 * short.MaxValue * cycle[n % period] / peak));
        }

        writer.Flush();
        return stream.ToArray();
    }
}

[CollectionDefinition(Name)]
public sealed class VoiceCollection : ICollectionFixture<VoiceFixture>
{
    public const string Name = "Voice";
}
