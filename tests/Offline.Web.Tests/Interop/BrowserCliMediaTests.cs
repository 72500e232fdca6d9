using System.Text.Json.Nodes;
using Microsoft.Playwright;
using Offline.EndToEnd.Tests.Infrastructure;
using Offline.Web.Tests.App;
using Offline.Web.Tests.Browser;

namespace Offline.Web.Tests.Interop;

/// <summary>
/// Photos and voice notes between a browser user and a terminal user (the real `offline` CLI) through
/// the same real relay, both ways: what one side sent is byte for byte what the other saved or showed,
/// a camera photo's EXIF and GPS never reach the other side, and a voice note keeps its disguise.
/// The browser has Chromium's fake microphone playing a known 150 Hz voice (VoiceFixture).
/// </summary>
[Collection(VoiceCollection.Name)]
public sealed class BrowserCliMediaTests(VoiceFixture voice) : IDisposable
{
    private static readonly PageWaitForSelectorOptions Slow = new() { Timeout = 120_000 };

    private readonly string home = Path.Combine(Path.GetTempPath(), "offline-web-cli-media-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task PhotosAndVoiceNotes_BothWays_ArriveWithTheSameBytesAndNoMetadata()
    {
        Directory.CreateDirectory(home);
        var url = new Uri(voice.Browser.Relay.Origin, "/app?slot=250&bulkslot=50");
        await using var web = await WebUser.OnboardedAsync(voice.Browser, url);
        var webId = await web.IdAsync();
        var cli = new CliUser(Path.Combine(home, "cli"), () => voice.Browser.Relay.WebSocketUrl)
        {
            Environment = new Dictionary<string, string> { ["OFFLINE_BULK_SLOT_MS"] = "50" },
        };
        await cli.GenerateIdAsync();
        await cli.RunOkAsync("add", webId, "--name", "web");
        await cli.RunOkAsync("send", "web", "photos coming");
        await web.Page.WaitForSelectorAsync(".chat-row .unread", Slow);
        await web.Page.ClickAsync(".chat-row .row-face");
        await web.WaitForIncomingAsync("photos coming");
        await web.Page.FillAsync("#accept-name", "Terminal");
        await web.Page.ClickAsync("#accept-contact");
        await web.Page.WaitForSelectorAsync("#chat-title:has-text('Terminal')");

        // Terminal → browser: a camera photo with EXIF GPS; the browser shows exactly the terminal's own copy.
        var picture = await ImageTests.CanvasImageAsync(web.Page, 800, 600, "image/jpeg");
        var camera = JpegFile.WithExifGps(picture, orientation: 1);
        var cameraPath = Path.Combine(home, "camera.jpg");
        await File.WriteAllBytesAsync(cameraPath, camera);
        var sentImage = (await cli.RunOkAsync("send-image", "web", cameraPath, "--caption", "from the terminal", "--json")).EventsOf("sent").Single();
        var shown = ".bubble.in[data-kind='image']:has(.text:text-is('from the terminal')) .media[data-state='ready'] img.media-image";
        await web.Page.WaitForSelectorAsync(shown, Slow);
        var terminalCopy = Path.Combine(home, "terminal-own.jpg");
        await cli.RunOkAsync("save", ((string)sentImage["id"]!)[..8], terminalCopy);
        var inBrowser = await ImageBytesAsync(web.Page, shown);
        Assert.Equal(await File.ReadAllBytesAsync(terminalCopy), inBrowser);
        AssertOnlyPixels(inBrowser);
        Assert.True(await web.Page.EvalOnSelectorAsync<bool>(shown, "img => img.complete && img.naturalWidth === 800"), "the browser decodes the terminal's JPEG");

        // Terminal → browser: a voice note made High from a WAV; the browser plays it, and what it played is higher.
        var sentVoice = (await cli.RunOkAsync("send-voice", "web", voice.ToneWavPath, "--effect", "high", "--json")).EventsOf("sent").Single();
        var note = await web.Page.WaitForSelectorAsync(".bubble.in[data-kind='voice'] .voice-note[data-state='ready']", Slow);
        Assert.Equal((int)sentVoice["duration_ms"]!, int.Parse((await note!.GetAttributeAsync("data-duration-ms"))!, System.Globalization.CultureInfo.InvariantCulture));
        await web.Page.EvaluateAsync("""
            () => {
              window.__voiceBlobs = [];
              const create = URL.createObjectURL;
              URL.createObjectURL = (blob) => { window.__voiceBlobs.push(blob); return create(blob); };
            }
            """);
        await web.Page.ClickAsync(".bubble.in[data-kind='voice'] .voice-play");
        await web.Page.WaitForSelectorAsync(".bubble.in[data-kind='voice'] .voice-note[data-finished='1'][data-playing='0']", Slow);
        var played = await PageScript.RunAsync(web.Page, "Voice/measure.js", new JsonObject { ["mode"] = "captured" });
        Assert.Equal("4f676753", played["head"]!.GetValue<string>()); // "OggS": the terminal's Ogg/Opus, played as sent
        var pitch = played["pitch"]!["median"]!.GetValue<double>();
        Assert.InRange(pitch, VoiceFixture.ToneHz * 4 / 3 * 0.95, VoiceFixture.ToneHz * 4 / 3 * 1.05);

        // Browser → terminal: a camera photo picked in the browser; the terminal saves exactly what the browser shows as sent.
        var browserCamera = JpegFile.WithExifGps(picture, orientation: 6);
        await web.Page.SetInputFilesAsync("#image-file", new FilePayload { Name = "IMG_0002.jpg", MimeType = "image/jpeg", Buffer = browserCamera });
        await web.Page.WaitForSelectorAsync("#image-sheet[data-state='ready']", Slow);
        await web.Page.FillAsync("#image-caption", "from the browser");
        await web.Page.ClickAsync("#image-send");
        var sentSelector = ".bubble.out[data-kind='image']:has(.text:text-is('from the browser')) .media[data-state='ready'] img.media-image";
        await web.Page.WaitForSelectorAsync(".bubble.out[data-kind='image']:has(.text:text-is('from the browser')):has(.ticks:not([data-state='queued'])) .media[data-state='ready']", Slow);
        var browserSent = await ImageBytesAsync(web.Page, sentSelector);

        var inbox = await cli.ReceiveUntilAsync(r => r.EventsOf("attachment").Count > 0);
        var photo = inbox.EventsOf("message").Single(m => (string?)m["text"] == "from the browser");
        Assert.Equal("image", (string?)photo["kind"]);
        Assert.Equal("ready", (string?)inbox.EventsOf("attachment").Single()["attachment"]!["state"]);
        var savedPhoto = Path.Combine(home, "from-browser.jpg");
        await cli.RunOkAsync("save", ((string)photo["id"]!)[..8], savedPhoto);
        var terminalGot = await File.ReadAllBytesAsync(savedPhoto);
        Assert.Equal(browserSent, terminalGot);
        AssertOnlyPixels(terminalGot);
        var (width, height) = JpegFile.Dimensions(terminalGot);
        Assert.True(height > width, $"{width} × {height}: turned upright by its EXIF orientation before sending");

        // Browser → terminal: a voice note recorded with Deep through the microphone; the terminal saves the WebM/Opus note.
        await web.Page.ClickAsync("#voice-effect");
        await web.Page.ClickAsync(".effect-choice[data-effect='deep']");
        var box = (await (await web.Page.QuerySelectorAsync("#record-voice"))!.BoundingBoxAsync())!;
        await web.Page.Mouse.MoveAsync(box.X + (box.Width / 2), box.Y + (box.Height / 2));
        await web.Page.Mouse.DownAsync();
        await web.Page.WaitForSelectorAsync("#record-timer:text-is('0:02')", Slow);
        await web.Page.Mouse.UpAsync();
        var outgoing = ".bubble.out[data-kind='voice']:has(.ticks:not([data-state='queued'])) .voice-note[data-state='ready']";
        await web.Page.WaitForSelectorAsync(outgoing, Slow);
        var recordedMs = int.Parse((await web.Page.GetAttributeAsync(outgoing, "data-duration-ms"))!, System.Globalization.CultureInfo.InvariantCulture);

        var voiceInbox = await cli.ReceiveUntilAsync(r => r.EventsOf("attachment").Count > 0);
        var voiceNote = voiceInbox.EventsOf("message").Single();
        Assert.Equal("voice", (string?)voiceNote["kind"]);
        Assert.Equal(recordedMs, (int)voiceNote["attachment"]!["duration_ms"]!);
        var savedNote = Path.Combine(home, "from-browser.webm");
        await cli.RunOkAsync("save", ((string)voiceNote["id"]!)[..8], savedNote);
        Assert.Equal(new byte[] { 0x1A, 0x45, 0xDF, 0xA3 }, (await File.ReadAllBytesAsync(savedNote))[..4]); // EBML: the browser's WebM/Opus as recorded

        Assert.Empty(web.PageErrors);
        Assert.Empty(voice.Browser.ForeignRequests);
    }

    private static void AssertOnlyPixels(byte[] jpeg)
    {
        var markers = JpegFile.Markers(jpeg);
        Assert.All(markers, marker => Assert.True(JpegFile.IsPixelMarker(marker), $"marker 0x{marker:X2}: metadata survived"));
        Assert.Equal(-1, jpeg.AsSpan().IndexOf("TestCam"u8));
    }

    private static async Task<byte[]> ImageBytesAsync(IPage page, string selector)
    {
        var src = (await page.GetAttributeAsync(selector, "src"))!;
        return Convert.FromBase64String(src[(src.IndexOf(',', StringComparison.Ordinal) + 1)..]);
    }

    public void Dispose()
    {
        if (Directory.Exists(home))
        {
            Directory.Delete(home, recursive: true);
        }
    }
}
