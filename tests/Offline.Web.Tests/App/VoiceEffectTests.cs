using System.Text.Json.Nodes;
using Offline.Web.Tests.Browser;
using Xunit.Abstractions;

namespace Offline.Web.Tests.App;

/// <summary>
/// The voice effects, measured in the page rather than listened to (Scripts/Voice/measure.js): a known
/// voiced tone (150 Hz) goes through the app's own VoiceEffects graph, and its fundamental is estimated
/// with YIN frame by frame (median of every 512-sample hop); Robot's spectrum is read with Goertzel
/// filters. Then the same through the real recorder: Chromium's fake microphone plays the tone, the
/// app's VoiceRecorder records it with the effect, and the WebM/Opus bytes it would send are decoded and
/// measured again — the recorded note is the disguised voice.
/// </summary>
[Collection(VoiceCollection.Name)]
public sealed class VoiceEffectTests(VoiceFixture voice, ITestOutputHelper output)
{
    private const double F0 = VoiceFixture.ToneHz;

    /// <summary>How far each effect's measured f0 may be from its target, as a fraction.</summary>
    private const double NormalTolerance = 0.02;
    private const double ShiftTolerance = 0.05;

    /// <summary>Robot: each sideband at f0 ± 50 Hz must be this much stronger than what is left at f0.</summary>
    private const double RobotSidebandMarginDb = 30;

    /// <summary>After Opus the margin is smaller (coding noise fills the hole at f0), but still wide.</summary>
    private const double RobotRecordedMarginDb = 15;

    [Fact]
    public async Task Effects_RenderedOffline_ShiftPitchByTheirRatiosAndRobotRingModulates()
    {
        var page = await voice.Browser.OpenAppAsync();
        var result = await PageScript.RunAsync(page, "Voice/measure.js", new JsonObject { ["mode"] = "graph", ["f0"] = F0 });

        AssertPitch(result["normal"]!["pitch"]!, F0, NormalTolerance);
        AssertPitch(result["deep"]!["pitch"]!, F0 * 0.75, ShiftTolerance);
        AssertPitch(result["high"]!["pitch"]!, F0 * 4 / 3, ShiftTolerance);

        // The shifter keeps the level (the two Hann weights add up to 1): within 1 dB of the dry signal.
        var dry = result["normal"]!["rmsOut"]!.GetValue<double>();
        foreach (var effect in new[] { "deep", "high" })
        {
            var ratio = result[effect]!["rmsOut"]!.GetValue<double>() / dry;
            output.WriteLine($"{effect}: level {20 * Math.Log10(ratio):F2} dB against the dry signal");
            Assert.InRange(20 * Math.Log10(ratio), -1, 1);
        }

        // Robot: output = input × sin(2π·50·t), so the 150 Hz partial moves to 100 and 200 Hz.
        AssertSidebands(result["robot"]!["db"]!, RobotSidebandMarginDb);
        AssertSidebands(result["normal"]!["db"]!, double.NaN);

        // Switched while running: Normal for the first second, Deep after.
        AssertPitch(result["switched"]!["before"]!, F0, NormalTolerance);
        AssertPitch(result["switched"]!["after"]!, F0 * 0.75, ShiftTolerance);
        await page.CloseAsync();
    }

    [Theory]
    [InlineData("normal", 1.0)]
    [InlineData("deep", 0.75)]
    [InlineData("high", 4.0 / 3)]
    public async Task Recorder_WithTheMicrophone_SendsTheShiftedVoiceAsWebmOpus(string effect, double ratio)
    {
        var page = await voice.Browser.OpenAppAsync();
        var result = await PageScript.RunAsync(page, "Voice/measure.js", new JsonObject { ["mode"] = "recorded", ["effect"] = effect, ["ms"] = 2500, ["f0"] = F0 });

        AssertWebmNote(result, 2500);
        AssertPitch(result["pitch"]!, F0 * ratio, effect == "normal" ? NormalTolerance : ShiftTolerance);
        await page.CloseAsync();
    }

    [Fact]
    public async Task Recorder_Robot_SendsTheRingModulatedVoice()
    {
        var page = await voice.Browser.OpenAppAsync();
        var result = await PageScript.RunAsync(page, "Voice/measure.js", new JsonObject { ["mode"] = "recorded", ["effect"] = "robot", ["ms"] = 2500, ["f0"] = F0 });

        AssertWebmNote(result, 2500);
        AssertSidebands(result["db"]!, RobotRecordedMarginDb);
        await page.CloseAsync();
    }

    [Fact]
    public async Task Recorder_EffectSwitchedWhileRecording_ChangesTheRecordedPitch()
    {
        var page = await voice.Browser.OpenAppAsync();
        var result = await PageScript.RunAsync(page, "Voice/measure.js", new JsonObject { ["mode"] = "switchWhileRecording", ["f0"] = F0 });

        AssertPitch(result["before"]!, F0, NormalTolerance);
        AssertPitch(result["after"]!, F0 * 4 / 3, ShiftTolerance);
        Assert.True(result["tracksEnded"]!.GetValue<bool>(), "the microphone track is still live after the note");
        await page.CloseAsync();
    }

    [Fact]
    public async Task Recorder_SilentMicrophone_RefusesTheNoteAndStillFreesIt()
    {
        var page = await voice.Browser.OpenAppAsync();
        var result = await PageScript.RunInlineAsync(page, """
            async () => {
              const { VoiceRecorder } = O.Voice;
              // A "microphone" that gives digital silence: a MediaStream destination nothing plays into.
              const silence = new AudioContext();
              const stream = silence.createMediaStreamDestination().stream;
              navigator.mediaDevices.getUserMedia = async () => stream;
              const recording = await VoiceRecorder.start({ effect: 'deep' });
              await new Promise((resolve) => setTimeout(resolve, 1000));
              let error = null;
              try {
                await recording.stop();
              } catch (e) {
                error = e.message;
              }
              delete navigator.mediaDevices.getUserMedia;
              return { error, ended: stream.getTracks().every((t) => t.readyState === 'ended') };
            }
            """);

        Assert.Contains("only silence", result["error"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.True(result["ended"]!.GetValue<bool>());
        await page.CloseAsync();
    }

    [Fact]
    public async Task Waveform_PeaksOfEqualSlices_LoudestIs255()
    {
        var page = await voice.Browser.OpenAppAsync();
        var result = await PageScript.RunInlineAsync(page, """
            async () => {
              const { VoiceRecorder } = O.Voice;
              // 1000 samples alternating in sign, |x| rising linearly to 0.5.
              const ramp = new Float32Array(1000).map((_, i) => (i % 2 ? -1 : 1) * 0.5 * (i / 999));
              return {
                hundred: Array.from(VoiceRecorder.waveform(ramp)),
                short: Array.from(VoiceRecorder.waveform(new Float32Array([0.25, -1, 0.5]))),
                silent: Array.from(VoiceRecorder.waveform(new Float32Array(250))),
                empty: Array.from(VoiceRecorder.waveform(new Float32Array(0))),
              };
            }
            """);

        var hundred = result["hundred"]!.AsArray().Select(n => n!.GetValue<int>()).ToArray();
        Assert.Equal(100, hundred.Length);
        // Slice i holds samples 10i … 10i + 9, whose peak is (10i + 9) / 999 of the loudest (the last).
        for (var i = 0; i < 100; i++)
        {
            Assert.Equal((int)Math.Round((10 * i + 9) / 999.0 * 255, MidpointRounding.AwayFromZero), hundred[i]);
        }

        // Fewer samples than levels: one level per sample; silence is all 0; nothing gives nothing.
        Assert.Equal([64, 255, 128], result["short"]!.AsArray().Select(n => n!.GetValue<int>()));
        Assert.Equal(Enumerable.Repeat(0, 100), result["silent"]!.AsArray().Select(n => n!.GetValue<int>()));
        Assert.Empty(result["empty"]!.AsArray());
        await page.CloseAsync();
    }

    private void AssertPitch(JsonNode pitch, double expectedHz, double tolerance)
    {
        output.WriteLine($"f0 expected {expectedHz:F2} Hz: median {pitch["median"]} (p10 {pitch["p10"]}, p90 {pitch["p90"]}), {pitch["voiced"]}/{pitch["frames"]} frames voiced");
        var frames = pitch["frames"]!.GetValue<int>();
        var voiced = pitch["voiced"]!.GetValue<int>();
        Assert.True(frames >= 20, $"only {frames} frames measured");
        // Nearly every frame must be clearly periodic: a shifter that garbles the voice fails here.
        Assert.True(voiced >= frames * 0.9, $"{voiced} of {frames} frames voiced");
        var median = pitch["median"]!.GetValue<double>();
        Assert.InRange(median, expectedHz * (1 - tolerance), expectedHz * (1 + tolerance));
        // Steady: 80 % of the frames within the tolerance too, not just the median.
        Assert.InRange(pitch["p10"]!.GetValue<double>(), expectedHz * (1 - tolerance), expectedHz * (1 + tolerance));
        Assert.InRange(pitch["p90"]!.GetValue<double>(), expectedHz * (1 - tolerance), expectedHz * (1 + tolerance));
    }

    /// <summary>With a margin: both sidebands stronger than f0 by it. NaN: the opposite (no modulation).</summary>
    private void AssertSidebands(JsonNode db, double marginDb)
    {
        var lower = db[(F0 - 50).ToString(System.Globalization.CultureInfo.InvariantCulture)]!.GetValue<double>();
        var centre = db[F0.ToString(System.Globalization.CultureInfo.InvariantCulture)]!.GetValue<double>();
        var upper = db[(F0 + 50).ToString(System.Globalization.CultureInfo.InvariantCulture)]!.GetValue<double>();
        output.WriteLine($"spectrum: {F0 - 50} Hz {lower:F1} dB, {F0} Hz {centre:F1} dB, {F0 + 50} Hz {upper:F1} dB");
        if (double.IsNaN(marginDb))
        {
            Assert.True(centre > Math.Max(lower, upper) + 60, $"unmodulated: f0 {centre:F1} dB, sidebands {lower:F1} / {upper:F1} dB");
            return;
        }

        Assert.True(lower > centre + marginDb, $"lower sideband {lower:F1} dB vs f0 {centre:F1} dB");
        Assert.True(upper > centre + marginDb, $"upper sideband {upper:F1} dB vs f0 {centre:F1} dB");
    }

    private void AssertWebmNote(JsonNode result, int recordedMs)
    {
        output.WriteLine($"note: {result["bytes"]} bytes, {result["durationMs"]} ms");
        // EBML magic: a WebM file, media type 17 (WebmOpus).
        Assert.Equal("1a45dfa3", result["head"]!.GetValue<string>());
        Assert.Equal(17, result["mediaType"]!.GetValue<int>());
        Assert.InRange(result["durationMs"]!.GetValue<int>(), recordedMs - 400, recordedMs + 400);
        var levels = result["waveform"]!.AsArray().Select(n => n!.GetValue<int>()).ToArray();
        Assert.Equal(100, levels.Length);
        Assert.All(levels, l => Assert.InRange(l, 0, 255));
        Assert.True(levels.Skip(20).Take(60).All(l => l > 20), "the middle of the note is silent in its waveform");
        // About 24 kbit/s of Opus (3 KB a second) and the WebM around it.
        Assert.InRange(result["bytes"]!.GetValue<int>(), 2_000, 40_000);
    }
}
