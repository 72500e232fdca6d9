using System.Text.Json.Nodes;
using Microsoft.Playwright;
using Offline.Web.Tests.Browser;

namespace Offline.Web.Tests.App;

/// <summary>
/// Images between two browser users through the real relay, driven through the UI: picked from a file
/// (a camera JPEG with EXIF GPS and an orientation), pasted, dropped; re-encoded on the device; sent on
/// each profile's lane (bulk connection, strict's own cells, classic frames); shown inline on both sides
/// with the same bytes and no metadata; replies and reactions on them; a full-size view that saves the
/// file; and a tampered or missing chunk on the way, which makes the image unavailable and leaves the
/// chat working.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ImageTests(BrowserFixture browser)
{
    private const int MaxSide = 1600;
    private const int MaxJpegBytes = 300 * 1024;
    private static readonly PageWaitForSelectorOptions Slow = new() { Timeout = 120_000 };

    /// <summary>Paced slots of 250 ms and bulk slots of 50 ms: only faster, never another shape (docs/WEB.md, "Test knobs").</summary>
    private Uri FastUrl => new(browser.Relay.Origin, "/app?slot=250&bulkslot=50");

    [Fact]
    public async Task PickedCameraPhoto_WithExifGps_ArrivesInlineOnBothSidesWithoutMetadataAndTheSameBytes()
    {
        var (alice, bob) = await PairAsync();
        await using var a = alice;
        await using var b = bob;

        // A 2400 × 1600 photo turned by EXIF orientation 6 (90° clockwise), with GPS, a camera make and a comment.
        var photo = JpegFile.WithExifGps(await CanvasImageAsync(alice.Page, 2400, 1600, "image/jpeg"), orientation: 6);
        Assert.Contains(JpegFile.App1, JpegFile.Markers(photo));
        Assert.Contains(JpegFile.Com, JpegFile.Markers(photo));

        await alice.Page.SetInputFilesAsync("#image-file", new FilePayload { Name = "IMG_0001.jpg", MimeType = "image/jpeg", Buffer = photo });
        await alice.Page.WaitForSelectorAsync("#image-sheet[data-state='ready']", new() { Timeout = 60_000 });
        await alice.Page.FillAsync("#image-caption", "the view from here");
        Assert.Contains("no metadata", await alice.Page.InnerTextAsync("#image-facts"), StringComparison.Ordinal);
        await alice.ScreenshotAsync("image-caption-390x844");
        await alice.Page.ClickAsync("#image-send");

        var sentSelector = ".bubble.out[data-kind='image']:has(.text:text-is('the view from here')) .media[data-state='ready'] img.media-image[src^='data:image/jpeg']";
        await alice.Page.WaitForSelectorAsync(".bubble.out[data-kind='image']:has(.ticks:not([data-state='queued'])) .media[data-state='ready']", Slow);
        var receivedSelector = ".bubble.in[data-kind='image']:has(.text:text-is('the view from here')) .media[data-state='ready'] img.media-image[src^='data:image/jpeg']";
        await bob.Page.WaitForSelectorAsync(receivedSelector, Slow);

        var sent = await ImageBytesAsync(alice.Page, sentSelector);
        var received = await ImageBytesAsync(bob.Page, receivedSelector);
        Assert.Equal(sent, received);
        Assert.True(await bob.Page.EvalOnSelectorAsync<bool>(receivedSelector, "img => img.complete && img.naturalWidth > 0"), "the received image decodes and shows");

        // What arrived: only pixel markers (no APPn, no COM, so no EXIF, GPS, make or comment), within the bounds, upright.
        var markers = JpegFile.Markers(received);
        Assert.All(markers, marker => Assert.True(JpegFile.IsPixelMarker(marker), $"marker 0x{marker:X2} in the received JPEG"));
        Assert.Equal(JpegFile.Eoi, markers[^1]);
        Assert.Equal(-1, received.AsSpan().IndexOf("TestCam"u8));
        Assert.Equal(-1, received.AsSpan().IndexOf("secret comment"u8));
        Assert.True(received.Length <= MaxJpegBytes, $"{received.Length} bytes");
        var (width, height) = JpegFile.Dimensions(received);
        Assert.True(height > width, $"{width} × {height}: the EXIF orientation was applied to the pixels");
        Assert.True(height <= MaxSide, $"{width} × {height}");
        Assert.InRange(width * 3.0 / height, 1.97, 2.03);

        // Standard profile: the chunks went on one bulk connection each way, a power of two of 16 KiB cells, at least 8.
        foreach (var user in new[] { alice, bob })
        {
            var trace = await TraceAsync(user.Page);
            Assert.Equal(1, trace["bulkConnections"]!.GetValue<int>());
            var cells = trace["bulkCellsSent"]!.GetValue<int>();
            Assert.True(cells >= 8 && (cells & (cells - 1)) == 0, $"{cells} bulk cells");
            Assert.Equal(cells, trace["bulkCellsReceived"]!.GetValue<int>());
        }

        // Reactions and replies work on an image message as on text.
        await bob.Page.ClickAsync(".bubble.in[data-kind='image']", new() { Button = MouseButton.Right });
        await bob.Page.ClickAsync("#message-menu .react[data-emoji='❤️']");
        await alice.Page.WaitForSelectorAsync(".bubble.out[data-kind='image'] .reaction[data-who='them']:text-is('❤️')", Slow);
        await bob.Page.ClickAsync(".bubble.in[data-kind='image']", new() { Button = MouseButton.Right });
        await bob.Page.ClickAsync("#menu-reply");
        Assert.Contains("📷 the view from here", await bob.Page.InnerTextAsync("#reply-bar"), StringComparison.Ordinal);
        await bob.SendAsync("beautiful");
        var reply = await alice.WaitForIncomingAsync("beautiful");
        Assert.Contains("📷 the view from here", await (await reply.QuerySelectorAsync(".reply-preview"))!.InnerTextAsync(), StringComparison.Ordinal);
        await alice.BackToListAsync();
        await alice.Page.WaitForSelectorAsync(".chat-row[data-name='Bob'] .row-preview:text-is('beautiful')");
        await bob.BackToListAsync();
        Assert.Equal("You: beautiful", await bob.Page.InnerTextAsync(".chat-row[data-name='Alice'] .row-preview"));

        // Tap to view full size; Save downloads exactly the received JPEG.
        await bob.OpenChatAsync("Alice");
        await bob.Page.ClickAsync(receivedSelector);
        await bob.Page.WaitForSelectorAsync("#image-viewer #viewer-image");
        await bob.ScreenshotAsync("image-viewer-390x844");
        var download = await bob.Page.RunAndWaitForDownloadAsync(() => bob.Page.ClickAsync("#viewer-save"));
        Assert.EndsWith(".jpg", download.SuggestedFilename, StringComparison.Ordinal);
        Assert.Equal(received, await File.ReadAllBytesAsync((await download.PathAsync())!));
        await bob.Page.ClickAsync("#viewer-close");
        Assert.Equal(0, await bob.Page.Locator("#image-viewer").CountAsync());
        await alice.OpenChatAsync("Bob");
        await alice.ScreenshotAsync("conversation-image-390x844");

        Assert.Empty(alice.PageErrors);
        Assert.Empty(bob.PageErrors);
        Assert.Empty(browser.ForeignRequests);
    }

    [Fact]
    public async Task TamperedOrMissingChunk_ImageIsUnavailableWithAReason_AndTheChatGoesOn()
    {
        var (alice, bob) = await PairAsync();
        await using var a = alice;
        await using var b = bob;

        // A man in the middle of both connections (a malicious relay or network): Bob's Chunk answers get
        // a flipped byte while `tamper` is on; Alice's PutChunk of chunk 0 goes to another address while `misfile` is on.
        var tamper = false;
        var misfile = false;
        var tampered = 0;
        var misfiled = 0;
        await bob.Context.RouteWebSocketAsync("**/ws", ws =>
        {
            var server = ws.ConnectToServer();
            ws.OnMessage(frame => Forward(server, frame));
            server.OnMessage(frame =>
            {
                if (tamper && frame.Binary is { Length: > 200 } cell && cell[0] == 1 && cell[1] == 0x8C)
                {
                    cell = (byte[])cell.Clone();
                    cell[10 + 100] ^= 0x01;
                    Interlocked.Increment(ref tampered);
                    ws.Send(cell);
                    return;
                }

                Forward(ws, frame);
            });
        });
        await alice.Context.RouteWebSocketAsync("**/ws", ws =>
        {
            var server = ws.ConnectToServer();
            ws.OnMessage(frame =>
            {
                if (misfile && frame.Binary is { Length: > 200 } request && request[0] == 1 && request[1] == 0x0C)
                {
                    misfile = false;
                    request = (byte[])request.Clone();
                    request[10] ^= 0x80;
                    Interlocked.Increment(ref misfiled);
                    server.Send(request);
                    return;
                }

                Forward(server, frame);
            });
            server.OnMessage(frame => Forward(ws, frame));
        });

        // Profile off on both sides: a new (routed) connection of classic frames, whose chunks are whole frames.
        await SwitchProfileAsync(alice, "off", "Bob");
        await SwitchProfileAsync(bob, "off", "Alice");

        tamper = true;
        await SendPictureAsync(alice, "tampered on the way");
        await bob.Page.WaitForSelectorAsync(".bubble.in[data-kind='image']:has(.text:text-is('tampered on the way')) .media[data-state='unavailable'][data-reason='digestMismatch']", Slow);
        Assert.Contains("damaged or altered", await bob.Page.InnerTextAsync(".bubble.in[data-kind='image'] .media-reason"), StringComparison.Ordinal);
        Assert.True(tampered > 0);
        tamper = false;

        misfile = true;
        await SendPictureAsync(alice, "never stored where it points");
        await bob.Page.WaitForSelectorAsync(".bubble.in[data-kind='image']:has(.text:text-is('never stored where it points')) .media[data-state='unavailable'][data-reason='missingChunk']", Slow);
        Assert.Equal(1, misfiled);
        await bob.ScreenshotAsync("conversation-image-unavailable-390x844");

        // The chat is intact: both images stay as messages, text goes both ways, and an honest image still arrives.
        await bob.SendAsync("your photos did not come through");
        await alice.WaitForIncomingAsync("your photos did not come through");
        await alice.SendAsync("trying again");
        await bob.WaitForIncomingAsync("trying again");
        await SendPictureAsync(alice, "third time lucky");
        await bob.Page.WaitForSelectorAsync(".bubble.in[data-kind='image']:has(.text:text-is('third time lucky')) .media[data-state='ready'] img[src^='data:image/jpeg']", Slow);
        Assert.Equal(3, await bob.Page.Locator(".bubble.in[data-kind='image']").CountAsync());
        Assert.Empty(alice.PageErrors);
        Assert.Empty(bob.PageErrors);
        Assert.Empty(browser.ForeignRequests);
    }

    [Fact]
    public async Task PastedAndDroppedImages_TravelOnStrictsOwnCells()
    {
        var (alice, bob) = await PairAsync();
        await using var a = alice;
        await using var b = bob;
        await SwitchProfileAsync(alice, "strict", "Bob");
        await SwitchProfileAsync(bob, "strict", "Alice");
        var png = await CanvasImageAsync(alice.Page, 120, 80, "image/png");

        // Paste into the composer (a screenshot from the clipboard).
        await DispatchFileAsync(alice.Page, png, "paste");
        await alice.Page.WaitForSelectorAsync("#image-sheet[data-state='ready']", new() { Timeout = 60_000 });
        await alice.Page.FillAsync("#image-caption", "pasted");
        await alice.Page.PressAsync("#image-caption", "Enter");

        // Drop onto the conversation.
        await alice.Page.WaitForSelectorAsync("#image-sheet", new() { State = WaitForSelectorState.Detached });
        await DispatchFileAsync(alice.Page, png, "drop");
        await alice.Page.WaitForSelectorAsync("#image-sheet[data-state='ready']", new() { Timeout = 60_000 });
        await alice.Page.FillAsync("#image-caption", "dropped");
        await alice.Page.ClickAsync("#image-send");

        foreach (var caption in new[] { "pasted", "dropped" })
        {
            var selector = $".bubble.in[data-kind='image']:has(.text:text-is('{caption}')) .media[data-state='ready'] img[src^='data:image/jpeg']";
            await bob.Page.WaitForSelectorAsync(selector, Slow);
            var received = await ImageBytesAsync(bob.Page, selector);
            Assert.All(JpegFile.Markers(received), marker => Assert.True(JpegFile.IsPixelMarker(marker), $"marker 0x{marker:X2}"));
            Assert.Equal((120, 80), JpegFile.Dimensions(received));
        }

        // Strict: no bulk connection either way; the chunks rode each connection's own 1 KiB cells.
        Assert.Equal(0, (await TraceAsync(alice.Page))["bulkConnections"]!.GetValue<int>());
        Assert.Equal(0, (await TraceAsync(bob.Page))["bulkConnections"]!.GetValue<int>());
        Assert.Empty(alice.PageErrors);
        Assert.Empty(bob.PageErrors);
        Assert.Empty(browser.ForeignRequests);
    }

    [Fact]
    public async Task SendCutOffMidUpload_ResumesFromTheVaultAfterAReload_AndIsDeliveredOnce()
    {
        var (alice, bob) = await PairAsync();
        await using var a = alice;
        await using var b = bob;

        // Between Alice and the relay: the first PutChunk passes, later ones vanish while `hold` is on,
        // so the upload stops midway with the message stored and nothing sent.
        var hold = true;
        var passed = 0;
        var addresses = new System.Collections.Concurrent.ConcurrentDictionary<string, byte[]>();
        var held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await alice.Context.RouteWebSocketAsync("**/ws", ws =>
        {
            var server = ws.ConnectToServer();
            ws.OnMessage(frame =>
            {
                if (frame.Binary is { Length: > 200 } put && put[0] == 1 && put[1] == 0x0C)
                {
                    addresses.TryAdd(Convert.ToHexString(put, 10, 32), put[10..42]);
                }

                if (frame.Binary is { Length: > 200 } request && request[0] == 1 && request[1] == 0x0C && Volatile.Read(ref hold))
                {
                    if (Interlocked.Increment(ref passed) > 1)
                    {
                        held.TrySetResult();
                        return;
                    }
                }

                Forward(server, frame);
            });
            server.OnMessage(frame => Forward(ws, frame));
        });
        await SwitchProfileAsync(alice, "off", "Bob");

        var photo = await CanvasImageAsync(alice.Page, 1500, 1000, "image/jpeg");
        await alice.Page.SetInputFilesAsync("#image-file", new FilePayload { Name = "big.jpg", MimeType = "image/jpeg", Buffer = photo });
        await alice.Page.WaitForSelectorAsync("#image-sheet[data-state='ready']", new() { Timeout = 60_000 });
        await alice.Page.FillAsync("#image-caption", "cut off midway");
        await alice.Page.ClickAsync("#image-send");
        await alice.Page.WaitForSelectorAsync(".bubble.out[data-kind='image'] .media[data-state='uploading'] .media-progress");
        await held.Task.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(1, await alice.Page.Locator(".bubble.out[data-kind='image'] .media[data-state='uploading']").CountAsync());

        // A reload: the page is gone mid-upload; after unlocking, the upload resumes from the vault.
        Volatile.Write(ref hold, false);
        await alice.Page.ReloadAsync();
        await alice.Page.FillAsync("#passphrase", WebUser.Passphrase);
        await alice.Page.ClickAsync("#onboard-submit");
        await alice.WaitOnlineAsync();
        await alice.OpenChatAsync("Bob");
        await alice.Page.WaitForSelectorAsync(".bubble.out[data-kind='image']:has(.ticks:not([data-state='queued'])) .media[data-state='ready']", Slow);
        var selector = ".bubble.in[data-kind='image']:has(.text:text-is('cut off midway')) .media[data-state='ready'] img[src^='data:image/jpeg']";
        await bob.Page.WaitForSelectorAsync(selector, Slow);
        Assert.Equal(await ImageBytesAsync(alice.Page, ".bubble.out[data-kind='image'] img.media-image"), await ImageBytesAsync(bob.Page, selector));

        // Once: a line sent after it arrives after it, and neither side shows the image twice.
        await alice.SendAsync("did it come once?");
        await bob.WaitForIncomingAsync("did it come once?");
        Assert.Equal(1, await bob.Page.Locator(".bubble.in[data-kind='image']").CountAsync());
        Assert.Equal(1, await alice.Page.Locator(".bubble.out[data-kind='image']").CountAsync());

        // Bob stored it, then released every chunk: stored for one fetch, the relay no longer has any.
        Assert.True(addresses.Count > 1, $"{addresses.Count} chunks");
        await using (var stranger = await RawRelayClient.ConnectAsync(browser.Relay))
        {
            foreach (var address in addresses.Values)
            {
                var deadline = DateTime.UtcNow.AddSeconds(60);
                while (await stranger.GetChunkAsync(address) is not null)
                {
                    Assert.True(DateTime.UtcNow < deadline, "a chunk was still on the relay a minute after Bob stored the image");
                    await bob.Page.WaitForTimeoutAsync(200);
                }
            }
        }

        // The picture is in Bob's encrypted vault: after a reload and unlock it shows again, the same bytes.
        var before = await ImageBytesAsync(bob.Page, selector);
        await bob.Page.ReloadAsync();
        await bob.Page.FillAsync("#passphrase", WebUser.Passphrase);
        await bob.Page.ClickAsync("#onboard-submit");
        await bob.WaitOnlineAsync();
        await bob.OpenChatAsync("Alice");
        await bob.Page.WaitForSelectorAsync(selector, Slow);
        Assert.Equal(before, await ImageBytesAsync(bob.Page, selector));
        Assert.Empty(alice.PageErrors);
        Assert.Empty(bob.PageErrors);
        Assert.Empty(browser.ForeignRequests);
    }

    /// <summary>Alice adds Bob, they exchange a line, and both have the chat open.</summary>
    private async Task<(WebUser Alice, WebUser Bob)> PairAsync()
    {
        var alice = await WebUser.OnboardedAsync(browser, FastUrl);
        var bob = await WebUser.OnboardedAsync(browser, FastUrl);
        Assert.Null(await alice.AddContactAsync(await bob.IdAsync(), "Bob"));
        await alice.SendAsync("hello Bob");
        await bob.Page.WaitForSelectorAsync(".chat-row .unread", new() { Timeout = 60_000 });
        await bob.Page.ClickAsync(".chat-row .row-face");
        await bob.Page.FillAsync("#accept-name", "Alice");
        await bob.Page.ClickAsync("#accept-contact");
        await bob.Page.WaitForSelectorAsync("#chat-title:has-text('Alice')");
        await bob.SendAsync("hello Alice");
        await alice.WaitForIncomingAsync("hello Alice");
        return (alice, bob);
    }

    private static async Task SwitchProfileAsync(WebUser user, string profile, string chatWith)
    {
        await user.BackToListAsync();
        await user.Page.ClickAsync("#open-settings");
        await user.Page.ClickAsync($"[data-traffic-choice='{profile}']");
        await user.Page.WaitForSelectorAsync($"[data-traffic-choice='{profile}'][aria-checked='true']");
        await user.Page.WaitForSelectorAsync("#relay-status[data-status='online']", new() { Timeout = 60_000, State = WaitForSelectorState.Attached });
        if (profile == "off")
        {
            await user.Page.WaitForFunctionAsync("() => Offline.App.RelayTrace.snapshot().classicFramesSent > 0", null, new() { Timeout = 30_000 });
        }

        await user.OpenChatAsync(chatWith);
    }

    /// <summary>A small picture through the file input, with a caption, sent.</summary>
    private static async Task SendPictureAsync(WebUser user, string caption)
    {
        var jpeg = await CanvasImageAsync(user.Page, 300, 200, "image/jpeg");
        await user.Page.SetInputFilesAsync("#image-file", new FilePayload { Name = "photo.jpg", MimeType = "image/jpeg", Buffer = jpeg });
        await user.Page.WaitForSelectorAsync("#image-sheet[data-state='ready']", new() { Timeout = 60_000 });
        await user.Page.FillAsync("#image-caption", caption);
        await user.Page.ClickAsync("#image-send");
        await user.Page.WaitForSelectorAsync($".bubble.out[data-kind='image']:has(.text:text-is('{caption}')):has(.ticks:not([data-state='queued'])) .media[data-state='ready']", Slow);
    }

    /// <summary>A picture drawn in the page (gradient and random blocks) and encoded by its canvas: test input, not the app's code.</summary>
    internal static async Task<byte[]> CanvasImageAsync(IPage page, int width, int height, string type)
    {
        var result = await PageScript.RunInlineAsync(page, """
            async ({ width, height, type }) => {
              const canvas = new OffscreenCanvas(width, height);
              const g = canvas.getContext('2d');
              const gradient = g.createLinearGradient(0, 0, width, height);
              gradient.addColorStop(0, '#2060c0');
              gradient.addColorStop(1, '#f0a030');
              g.fillStyle = gradient;
              g.fillRect(0, 0, width, height);
              const colors = crypto.getRandomValues(new Uint8Array(3 * 400));
              for (let i = 0; i < 400; i++) {
                g.fillStyle = `rgb(${colors[3 * i]}, ${colors[3 * i + 1]}, ${colors[3 * i + 2]})`;
                g.fillRect((i * 7919) % width, (i * 104729) % height, 4 + (i % 40), 4 + ((i * 3) % 40));
              }
              const blob = await canvas.convertToBlob({ type, quality: 0.95 });
              return { hex: hex(new Uint8Array(await blob.arrayBuffer())) };
            }
            """, new JsonObject { ["width"] = width, ["height"] = height, ["type"] = type });
        return Convert.FromHexString(result["hex"]!.GetValue<string>());
    }

    /// <summary>A paste on the composer, or a dragover and drop on the conversation, carrying one PNG file.</summary>
    private static async Task DispatchFileAsync(IPage page, byte[] png, string how)
    {
        await PageScript.RunInlineAsync(page, """
            async ({ hex: data, how }) => {
              const transfer = new DataTransfer();
              transfer.items.add(new File([unhex(data)], 'screenshot.png', { type: 'image/png' }));
              if (how === 'paste') {
                document.getElementById('composer').dispatchEvent(new ClipboardEvent('paste', { clipboardData: transfer, bubbles: true, cancelable: true }));
              } else {
                const view = document.querySelector('.conversation');
                view.dispatchEvent(new DragEvent('dragover', { dataTransfer: transfer, bubbles: true, cancelable: true }));
                check(view.dataset.dropping === '1', 'the conversation shows it accepts the drop');
                view.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
              }
              return {};
            }
            """, new JsonObject { ["hex"] = Convert.ToHexStringLower(png), ["how"] = how });
    }

    private static async Task<byte[]> ImageBytesAsync(IPage page, string selector)
    {
        var src = (await page.GetAttributeAsync(selector, "src"))!;
        return Convert.FromBase64String(src[(src.IndexOf(',', StringComparison.Ordinal) + 1)..]);
    }

    private static async Task<JsonNode> TraceAsync(IPage page) =>
        JsonNode.Parse(await page.EvaluateAsync<string>("() => JSON.stringify(Offline.App.RelayTrace.snapshot())"))!;

    private static void Forward(IWebSocketRoute to, IWebSocketFrame frame)
    {
        if (frame.Binary is { } binary)
        {
            to.Send(binary);
        }
        else
        {
            to.Send(frame.Text ?? string.Empty);
        }
    }
}
