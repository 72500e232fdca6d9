using System.Text.Json.Nodes;
using Microsoft.Playwright;
using Offline.Web.Tests.Browser;

namespace Offline.Web.Tests.App;

/// <summary>
/// Voice notes through the UI, with Chromium's fake microphone playing a known tone (VoiceFixture): hold
/// the mic button to record and release to send; slide left to cancel; a tap explains the gesture; the
/// microphone is released every time; the voice bubble plays a note and shows its states.
/// </summary>
[Collection(VoiceCollection.Name)]
public sealed class VoiceTests(VoiceFixture voice)
{
    private static readonly PageWaitForSelectorOptions Long = new() { Timeout = 60_000 };
    private static readonly PageWaitForSelectorOptions Slow = new() { Timeout = 120_000 };

    /// <summary>Keeps every Blob the page makes an object URL of (window.__voiceBlobs).</summary>
    private const string CaptureBlobs = """
        () => {
          window.__voiceBlobs = [];
          const create = URL.createObjectURL;
          URL.createObjectURL = (blob) => {
            window.__voiceBlobs.push(blob);
            return create(blob);
          };
        }
        """;

    /// <summary>Wraps getUserMedia so the test can see the microphone streams the app opened.</summary>
    private const string WatchMicrophone = """
        () => {
          window.__voiceStreams = [];
          const original = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
          navigator.mediaDevices.getUserMedia = async (constraints) => {
            const stream = await original(constraints);
            window.__voiceStreams.push(stream);
            return stream;
          };
        }
        """;

    private const string MicrophonesOpened = "() => window.__voiceStreams.length";

    private const string LiveMicrophoneTracks = "() => window.__voiceStreams.flatMap((s) => s.getTracks()).filter((t) => t.readyState !== 'ended').length";

    [Fact]
    public async Task HoldAndRelease_WithDeepEffect_ShowsTheVoiceNoteWithItsDurationAndFreesTheMicrophone()
    {
        await using var alice = await WebUser.OnboardedAsync(voice.Browser, voice.Browser.Relay.FastAppUrl);
        await using var bob = await WebUser.OnboardedAsync(voice.Browser, voice.Browser.Relay.FastAppUrl);
        Assert.Null(await alice.AddContactAsync(await bob.IdAsync(), "Bob"));
        await alice.SendAsync("voice note coming");
        await alice.Page.EvaluateAsync(WatchMicrophone);

        // The effect is chosen before recording (and kept in the settings).
        await alice.Page.ClickAsync("#voice-effect");
        await alice.Page.ClickAsync(".effect-choice[data-effect='deep']");
        await alice.Page.WaitForSelectorAsync(".effect-choice[data-effect='deep'][aria-checked='true']");

        var (x, y) = await CentreAsync(alice.Page, "#record-voice");
        await alice.Page.Mouse.MoveAsync(x, y);
        await alice.Page.Mouse.DownAsync();
        await alice.Page.WaitForSelectorAsync(".composer[data-recording='recording'] #recorder:not([hidden])", Long);
        Assert.Contains("Slide to cancel", await alice.Page.InnerTextAsync("#slide-cancel"), StringComparison.Ordinal);
        await alice.Page.WaitForSelectorAsync("#record-timer:text-is('0:02')", Long);
        await alice.ScreenshotAsync("voice-recording-390x844");
        await alice.Page.Mouse.UpAsync();

        // The note, or the error the app showed instead (a toast), so a failure says why.
        var shown = await alice.Page.WaitForSelectorAsync(".bubble.out[data-kind='voice'] .voice-note, #toast.error", Long);
        if (await shown!.GetAttributeAsync("id") == "toast")
        {
            Assert.Fail($"no voice note; the app said: {await shown.InnerTextAsync()}");
        }

        var note = shown;
        var durationMs = int.Parse(await note!.GetAttributeAsync("data-duration-ms") ?? "0", System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(durationMs, 1_900, 4_000);
        Assert.Equal("0:02", (await (await note.QuerySelectorAsync(".voice-time"))!.InnerTextAsync()).Trim());
        Assert.Equal(100, await alice.Page.Locator(".bubble.out[data-kind='voice'] .voice-wave rect").CountAsync());
        await alice.Page.WaitForSelectorAsync(".composer[data-recording='idle'] #recorder[hidden]", new() { State = WaitForSelectorState.Attached });
        Assert.Equal(1, await alice.Page.EvaluateAsync<int>(MicrophonesOpened));
        Assert.Equal(0, await alice.Page.EvaluateAsync<int>(LiveMicrophoneTracks));

        // The sender's own copy plays from the vault.
        await alice.Page.ClickAsync(".bubble.out[data-kind='voice'] .voice-play");
        await alice.Page.WaitForSelectorAsync(".bubble.out[data-kind='voice'] .voice-note[data-finished='1']", Long);
        await alice.ScreenshotAsync("voice-note-sent-390x844");
        Assert.Empty(alice.PageErrors);
        Assert.Empty(voice.Browser.ForeignRequests);
    }

    [Fact]
    public async Task RelayHeaders_LetThePageItselfUseTheMicrophone()
    {
        using var http = new HttpClient();
        using var response = await http.GetAsync(voice.Browser.Relay.AppUrl);
        Assert.Equal("camera=(self), microphone=(self), geolocation=()", string.Join(", ", response.Headers.GetValues("Permissions-Policy")));

        await using var user = await WebUser.OpenAsync(voice.Browser, voice.Browser.Relay.AppUrl);
        Assert.True(await user.Page.EvaluateAsync<bool>("() => document.featurePolicy.allowsFeature('microphone')"));
        Assert.False(await user.Page.EvaluateAsync<bool>("() => document.featurePolicy.allowsFeature('microphone', 'https://elsewhere.invalid')"));
        Assert.False(await user.Page.EvaluateAsync<bool>("() => document.featurePolicy.allowsFeature('geolocation')"));
    }

    [Fact]
    public async Task TwoWebUsers_ThroughTheRelay_ReceiverPlaysTheDisguisedNote()
    {
        var url = new Uri(voice.Browser.Relay.Origin, "/app?slot=250&bulkslot=50");
        await using var alice = await WebUser.OnboardedAsync(voice.Browser, url);
        await using var bob = await WebUser.OnboardedAsync(voice.Browser, url);
        Assert.Null(await alice.AddContactAsync(await bob.IdAsync(), "Bob"));
        await alice.SendAsync("listen to this");
        await bob.Page.WaitForSelectorAsync(".chat-row .unread", Long);
        await bob.Page.ClickAsync(".chat-row .row-face");
        await bob.WaitForIncomingAsync("listen to this");
        await bob.Page.FillAsync("#accept-name", "Alice");
        await bob.Page.ClickAsync("#accept-contact");
        await bob.Page.WaitForSelectorAsync("#chat-title:has-text('Alice')");

        await alice.Page.ClickAsync("#voice-effect");
        await alice.Page.ClickAsync(".effect-choice[data-effect='deep']");
        var (x, y) = await CentreAsync(alice.Page, "#record-voice");
        await alice.Page.Mouse.MoveAsync(x, y);
        await alice.Page.Mouse.DownAsync();
        await alice.Page.WaitForSelectorAsync("#record-timer:text-is('0:02')", Long);
        await alice.Page.Mouse.UpAsync();
        await alice.Page.WaitForSelectorAsync(".bubble.out[data-kind='voice']:has(.ticks:not([data-state='queued'])) .voice-note[data-state='ready']", Slow);
        var sentMs = await alice.Page.GetAttributeAsync(".bubble.out[data-kind='voice'] .voice-note", "data-duration-ms");

        var received = await bob.Page.WaitForSelectorAsync(".bubble.in[data-kind='voice'] .voice-note[data-state='ready']", Slow);
        Assert.Equal(sentMs, await received!.GetAttributeAsync("data-duration-ms"));
        Assert.Equal(100, await bob.Page.Locator(".bubble.in[data-kind='voice'] .voice-wave rect").CountAsync());
        await bob.ScreenshotAsync("voice-note-received-390x844");

        // Bob plays it to the end; the bytes his bubble played are Alice's voice shifted down.
        await bob.Page.EvaluateAsync(CaptureBlobs);
        await bob.Page.ClickAsync(".bubble.in[data-kind='voice'] .voice-play");
        await bob.Page.WaitForSelectorAsync(".bubble.in[data-kind='voice'] .voice-note[data-playing='1']");
        await bob.Page.WaitForSelectorAsync(".bubble.in[data-kind='voice'] .voice-note[data-finished='1'][data-playing='0']", Long);
        var played = await PageScript.RunAsync(bob.Page, "Voice/measure.js", new JsonObject { ["mode"] = "captured" });
        Assert.Equal("audio/webm; codecs=opus", played["type"]!.GetValue<string>());
        Assert.Equal("1a45dfa3", played["head"]!.GetValue<string>());
        var median = played["pitch"]!["median"]!.GetValue<double>();
        Assert.InRange(median, VoiceFixture.ToneHz * 0.75 * 0.95, VoiceFixture.ToneHz * 0.75 * 1.05);
        Assert.Empty(alice.PageErrors);
        Assert.Empty(bob.PageErrors);
        Assert.Empty(voice.Browser.ForeignRequests);
    }

    [Fact]
    public async Task SlideLeftTapAndEscape_SendNothingAndFreeTheMicrophone()
    {
        await using var alice = await WebUser.OnboardedAsync(voice.Browser, voice.Browser.Relay.FastAppUrl);
        await using var bob = await WebUser.OnboardedAsync(voice.Browser, voice.Browser.Relay.FastAppUrl);
        Assert.Null(await alice.AddContactAsync(await bob.IdAsync(), "Bob"));
        await alice.Page.EvaluateAsync(WatchMicrophone);
        var (x, y) = await CentreAsync(alice.Page, "#record-voice");

        // Slide more than 80 px to the left while recording: cancelled.
        await alice.Page.Mouse.MoveAsync(x, y);
        await alice.Page.Mouse.DownAsync();
        await alice.Page.WaitForSelectorAsync(".composer[data-recording='recording']", Long);
        await alice.Page.WaitForSelectorAsync("#record-timer:text-is('0:01')", Long);
        await alice.Page.Mouse.MoveAsync(x - 40, y, new() { Steps = 4 });
        Assert.Equal("recording", await alice.Page.GetAttributeAsync(".composer", "data-recording"));
        await alice.Page.Mouse.MoveAsync(x - 120, y, new() { Steps = 6 });
        await alice.Page.WaitForSelectorAsync(".composer[data-recording='idle'][data-last-voice='Cancelled']");
        await alice.Page.Mouse.UpAsync();

        // A tap (shorter than half a second) sends nothing either and says how it works.
        await alice.Page.Mouse.MoveAsync(x, y);
        await alice.Page.Mouse.DownAsync();
        await alice.Page.Mouse.UpAsync();
        await alice.Page.WaitForSelectorAsync(".composer[data-recording='idle'][data-last-voice='Hold to record']", Long);

        // From the keyboard: Space held on the focused mic button records, Escape cancels.
        await alice.Page.FocusAsync("#record-voice");
        await alice.Page.Keyboard.DownAsync("Space");
        await alice.Page.WaitForSelectorAsync(".composer[data-recording='recording']", Long);
        Assert.Contains("Esc", await alice.Page.InnerTextAsync("#slide-cancel"), StringComparison.Ordinal);
        await alice.Page.Keyboard.PressAsync("Escape");
        await alice.Page.WaitForSelectorAsync(".composer[data-recording='idle'][data-last-voice='Cancelled']");
        await alice.Page.Keyboard.UpAsync("Space");

        // A text sent after all three arrives alone: had a note been sent, it would be in the chat before it.
        await alice.SendAsync("after the cancelled notes");
        await bob.Page.WaitForSelectorAsync(".chat-row .unread", Long);
        await bob.Page.ClickAsync(".chat-row .row-face");
        await bob.WaitForIncomingAsync("after the cancelled notes");
        Assert.Equal(0, await alice.Page.Locator(".voice-note").CountAsync());
        Assert.Equal(0, await bob.Page.Locator(".voice-note").CountAsync());
        Assert.Equal(3, await alice.Page.EvaluateAsync<int>(MicrophonesOpened));
        Assert.Equal(0, await alice.Page.EvaluateAsync<int>(LiveMicrophoneTracks));
        Assert.Empty(alice.PageErrors);
    }

    [Fact]
    public async Task VoiceBubble_PlaysARecordedNote_AndShowsDownloadingAndUnavailable()
    {
        var page = await voice.Browser.OpenAppAsync();
        var result = await PageScript.RunInlineAsync(page, """
            async () => {
              const { VoiceRecorder, voiceBubble } = O.Voice;
              const recording = await VoiceRecorder.start({ effect: 'robot' });
              await new Promise((resolve) => setTimeout(resolve, 1500));
              const note = await recording.stop();
              const facts = (state, reason = null) => ({ state, reason, mediaType: note.mediaType, durationMs: note.durationMs, waveform: Array.from(note.waveform), done: 1, total: 2 });
              let loads = 0;
              const loader = async () => {
                loads++;
                return note.bytes;
              };
              document.body.replaceChildren(
                voiceBubble({ id: 'ready', attachment: facts('ready') }, loader),
                voiceBubble({ id: 'downloading', attachment: facts('downloading') }, loader),
                voiceBubble({ id: 'unavailable', attachment: facts('unavailable', 'DigestMismatch') }, loader));
              window.__loads = () => loads;
              window.__urls = { created: [], revoked: [] };
              const create = URL.createObjectURL;
              const revoke = URL.revokeObjectURL;
              URL.createObjectURL = (blob) => {
                const url = create(blob);
                window.__urls.created.push(url);
                return url;
              };
              URL.revokeObjectURL = (url) => {
                window.__urls.revoked.push(url);
                revoke(url);
              };
              return { durationMs: note.durationMs };
            }
            """);
        var durationMs = result["durationMs"]!.GetValue<int>();

        // Downloading: progress, no play. Unavailable: the reason, no play.
        Assert.True(await page.IsDisabledAsync(".voice-note[data-voice-id='downloading'] .voice-play"));
        Assert.Contains("Receiving", await page.InnerTextAsync(".voice-note[data-voice-id='downloading']"), StringComparison.Ordinal);
        Assert.True(await page.IsDisabledAsync(".voice-note[data-voice-id='unavailable'] .voice-play"));
        Assert.Contains("unavailable", await page.InnerTextAsync(".voice-note[data-voice-id='unavailable']"), StringComparison.Ordinal);
        Assert.Equal("DigestMismatch", await page.GetAttributeAsync(".voice-note[data-voice-id='unavailable'] .voice-status", "data-reason"));

        // Ready: plays, the elapsed time and the played bars advance, and it reaches the end.
        await page.ClickAsync(".voice-note[data-voice-id='ready'] .voice-play");
        await page.WaitForSelectorAsync(".voice-note[data-voice-id='ready'][data-playing='1']");
        await page.WaitForFunctionAsync("() => Number(document.querySelector(\".voice-note[data-voice-id='ready']\").dataset.elapsedMs) > 300");
        Assert.True(await page.Locator(".voice-note[data-voice-id='ready'] rect.played").CountAsync() > 0);
        Assert.Contains(" / 0:01", await page.InnerTextAsync(".voice-note[data-voice-id='ready'] .voice-time"), StringComparison.Ordinal);
        await page.WaitForSelectorAsync(".voice-note[data-voice-id='ready'][data-finished='1'][data-playing='0']", new() { Timeout = durationMs + 10_000 });
        Assert.Equal(1, await page.EvaluateAsync<int>("() => window.__loads()"));
        // Ended: its one object URL was revoked, and the time shows the total again.
        Assert.Equal(1, await page.EvaluateAsync<int>("() => window.__urls.created.length"));
        Assert.True(await page.EvaluateAsync<bool>("() => window.__urls.revoked.length === 1 && window.__urls.revoked[0] === window.__urls.created[0]"));
        Assert.Equal("0:01", (await page.InnerTextAsync(".voice-note[data-voice-id='ready'] .voice-time")).Trim());
        await page.CloseAsync();
    }

    [Fact]
    public async Task VoiceBubble_PlaysOggOpus_TheCliFormat()
    {
        // A recording remuxed into Ogg/Opus pages in the page (Scripts/Voice/measure.js, oggPlayback), as media type 16.
        var page = await voice.Browser.OpenAppAsync();
        var made = await PageScript.RunAsync(page, "Voice/measure.js", new JsonObject { ["mode"] = "oggPlayback" });
        Assert.Equal("4f676753", made["head"]!.GetValue<string>());
        Assert.Equal(made["webmDurationMs"]!.GetValue<int>(), made["durationMs"]!.GetValue<int>());
        var median = made["pitch"]!["median"]!.GetValue<double>();
        Assert.InRange(median, VoiceFixture.ToneHz * 0.75 * 0.95, VoiceFixture.ToneHz * 0.75 * 1.05);

        await page.EvaluateAsync(CaptureBlobs);
        await page.ClickAsync(".voice-note[data-voice-id='ogg'] .voice-play");
        await page.WaitForSelectorAsync(".voice-note[data-voice-id='ogg'][data-playing='1']");
        await page.WaitForSelectorAsync(".voice-note[data-voice-id='ogg'][data-finished='1'][data-playing='0']", Long);
        Assert.Equal("audio/ogg; codecs=opus", await page.EvaluateAsync<string>("() => window.__voiceBlobs[0].type"));
        await page.CloseAsync();
    }

    private static async Task<(float X, float Y)> CentreAsync(IPage page, string selector)
    {
        var box = (await (await page.QuerySelectorAsync(selector))!.BoundingBoxAsync())!;
        return (box.X + (box.Width / 2), box.Y + (box.Height / 2));
    }
}
