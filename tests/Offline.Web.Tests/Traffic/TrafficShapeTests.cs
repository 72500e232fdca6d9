using System.Diagnostics;
using System.Text.Json.Nodes;
using Offline.EndToEnd.Tests.Infrastructure;
using Offline.Observer;
using Offline.Web.Tests.Browser;
using Xunit.Abstractions;

namespace Offline.Web.Tests.Traffic;

/// <summary>
/// What an observer of the browser's connection sees (docs/TRAFFIC.md): the page is loaded through the
/// recording proxy (bench/Offline.Bench/Observer/WireRecorder.cs), so its /ws goes through it too, and
/// every WebSocket message both ways is checked for size and time while a real conversation runs.
/// The test knob <c>?slot=MS</c> runs the default profile's shape on a faster grid.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class TrafficShapeTests(BrowserFixture browser, ITestOutputHelper output) : IDisposable
{
    private const int CellSize = 1024;
    private const int SlotMs = 300;
    private readonly string home = Path.Combine(Path.GetTempPath(), "offline-web-shape-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task BrowserAndCli_Conversation_EveryWebSocketMessageIsOneCell_OnTheJitteredGrid()
    {
        await using var recorder = new WireRecorder(browser.Relay.Port);
        var appUrl = new Uri($"http://127.0.0.1:{recorder.Port}/app?slot={SlotMs}");
        await using var web = await WebUser.OnboardedAsync(browser, appUrl);
        var webId = await web.IdAsync();
        var cli = new CliUser(home, () => browser.Relay.WebSocketUrl);
        await cli.GenerateIdAsync();

        // The terminal writes first; the browser accepts, reads (receipt), types, answers short and long.
        await cli.RunOkAsync("add", webId, "--name", "web");
        await cli.RunOkAsync("send", "web", "hello from the terminal");
        await web.Page.WaitForSelectorAsync(".chat-row .unread:text-is('1')", new() { Timeout = 60_000 });
        await web.Page.ClickAsync(".chat-row .row-face");
        await web.WaitForIncomingAsync("hello from the terminal");
        await web.Page.FillAsync("#accept-name", "Terminal");
        await web.Page.ClickAsync("#accept-contact");
        await web.Page.WaitForSelectorAsync("#chat-title:has-text('Terminal')");
        await web.Page.FillAsync("#composer", "typing…");
        await web.Page.DispatchEventAsync("#composer", "input");
        await web.SendAsync("short answer");
        var longText = string.Join(' ', Enumerable.Range(0, 400).Select(i => $"word{i}"));
        await web.SendAsync(longText);

        // The terminal gets all of it; its long reply comes back to the browser.
        var inbox = await cli.ReceiveUntilAsync(r => r.EventsOf("message").Count >= 2 && r.EventsOf("typing").Count > 0 && r.EventsOf("read").Count > 0);
        Assert.Contains(inbox.EventsOf("message"), m => (string?)m["text"] == longText);
        var longReply = new string('z', 3000);
        await cli.RunOkAsync("send", "web", longReply);
        await web.WaitForIncomingAsync(longReply);
        await web.Page.WaitForSelectorAsync(".bubble.out:has(.text:text-is('short answer')) .ticks[data-state='read']", new() { Timeout = 60_000 });

        // Cover is never shown: one chat, and only the five real messages in it.
        Assert.Equal(1, await web.Page.Locator(".chat-row").CountAsync());
        Assert.Equal(4, await web.Page.Locator(".bubble").CountAsync());
        var trace = await TraceAsync(web);
        Assert.True(trace["coversSent"]!.GetValue<int>() > 0, "no cover was sent");
        Assert.True(trace["coversDropped"]!.GetValue<int>() > 0, "no cover came back to the loop queue");
        Assert.Equal(0, trace["classicFramesSent"]!.GetValue<int>());

        // The observer's view: every message of the WebSocket connection, both ways, is exactly one cell.
        var sockets = WebSocketConnections(recorder);
        Assert.Single(sockets);
        var frames = sockets[0].Frames;
        Assert.All(frames, f => Assert.True(f.Opcode is 2 or 8, $"opcode {f.Opcode}"));
        var data = sockets[0].DataFrames;
        var up = data.Where(f => f.Direction == WireDirection.Up).ToList();
        var down = data.Where(f => f.Direction == WireDirection.Down).ToList();
        Assert.All(data, f => Assert.Equal(CellSize, f.PayloadLength));

        output.WriteLine($"observed cells up {up.Count}, down {down.Count}; page trace {trace.ToJsonString()}");

        // The schedule as the page ran it: slots strictly increasing (one cell per slot, never two), and each
        // cell sent 30–200 ms after its nominal time. Timers never fire early; they can fire late on a loaded
        // machine, so the upper bound holds for 95 % of cells, with 30 ms of slack.
        var cells = JsonNode.Parse(await web.Page.EvaluateAsync<string>("() => JSON.stringify(Offline.App.RelayTrace.cellTimes())"))!.AsArray()
            .Select(c => (Slot: c!["slot"]!.GetValue<int>(), Offset: c["offsetMs"]!.GetValue<double>())).ToList();
        Assert.True(cells.Count > 30, $"only {cells.Count} cells");
        Assert.All(cells.Zip(cells.Skip(1)), pair => Assert.True(pair.Second.Slot > pair.First.Slot, $"slot {pair.Second.Slot} after {pair.First.Slot}"));
        var offsets = cells.Select(c => c.Offset).Order().ToList();
        Assert.InRange(offsets[0], 29.0, double.MaxValue);
        Assert.InRange(offsets[(int)(offsets.Count * 0.95)], 0, 200 + 30);

        // The grid as the observer saw it. The page's own send times are checked strictly above; here, every
        // cell the page sent is one message on the wire and nothing else is: the count matches the page's
        // (± 1: a cell can be between the page and the recorder when the two are read). On the wire the
        // median gap is the period (± the jitter's spread) and the mean is the period (−20/+40 ms: the grid
        // neither drifts nor adds cells). A starved Chromium network process (CI runs several browsers and
        // relays at once) can hold a cell back and release it together with the next: a gap shorter than the
        // grid allows. Each run of short gaps must follow a late cell, so that the held cells and the one
        // before them still average at least the grid's shortest gap (no cell was added), and at most a
        // fifth of the gaps may be short.
        var gaps = up.Zip(up.Skip(1), (a, b) => (b.At - a.At).TotalMilliseconds).ToList();
        var sorted = gaps.Order().ToList();
        var p10 = sorted[(int)(sorted.Count * 0.10)];
        var p90 = sorted[(int)(sorted.Count * 0.90)];
        var median = sorted[sorted.Count / 2];
        output.WriteLine($"page offsets min {offsets[0]:F0} median {offsets[offsets.Count / 2]:F0} p95 {offsets[(int)(offsets.Count * 0.95)]:F0} max {offsets[^1]:F0} ms over {cells.Count} cells");
        output.WriteLine($"wire gaps min {sorted[0]:F0} p10 {p10:F0} median {median:F0} mean {gaps.Average():F0} p90 {p90:F0} max {sorted[^1]:F0} ms over {gaps.Count} gaps");
        Assert.True(up.Count > 30, $"only {up.Count} cells on the wire");
        Assert.InRange(up.Count, trace["cellsSent"]!.GetValue<int>() - 1, trace["cellsSent"]!.GetValue<int>() + 1);
        Assert.InRange(median, SlotMs - 85, SlotMs + 85);
        Assert.InRange(p90, 0, SlotMs + 170 + 60);
        Assert.InRange(gaps.Average(), SlotMs - 20, SlotMs + 40);
        const double shortestGap = SlotMs - 170 - 10;
        var shortGaps = 0;
        for (var i = 0; i < gaps.Count; i++)
        {
            if (gaps[i] >= shortestGap)
            {
                continue;
            }

            var run = i;
            while (run < gaps.Count && gaps[run] < shortestGap)
            {
                run++;
            }

            shortGaps += run - i;
            Assert.True(i > 0, $"the first gap is {gaps[0]:F0} ms: two cells at the start of the grid");
            var held = gaps.Skip(i - 1).Take(run - i + 1).ToList();
            Assert.True(
                held.Average() >= shortestGap,
                $"gaps {string.Join(", ", held.Select(g => g.ToString("F0", System.Globalization.CultureInfo.InvariantCulture)))} ms: cells closer than the grid allows, not after a late one");
            i = run;
        }

        Assert.True(shortGaps * 5 <= gaps.Count, $"{shortGaps} of {gaps.Count} gaps shorter than the grid allows");
        Assert.Empty(web.PageErrors);
        Assert.Empty(browser.ForeignRequests);

        // Lockstep: one cell back for every cell sent (the last answer may still be on its way).
        Assert.InRange(down.Count, up.Count - 1, up.Count);
    }

    [Fact]
    public async Task Rotation_NewTokenAndLoopQueueEachPeriod_ConversationContinuesAndNothingIsLost()
    {
        await using var recorder = new WireRecorder(browser.Relay.Port);
        var appUrl = new Uri($"http://127.0.0.1:{recorder.Port}/app?slot=250&rotate=4");
        await using var alice = await WebUser.OnboardedAsync(browser, appUrl);
        await using var bob = await WebUser.OnboardedAsync(browser, appUrl);
        var bobId = await bob.IdAsync();
        Assert.Null(await alice.AddContactAsync(bobId, "Bob"));
        await alice.SendAsync("first");
        await bob.Page.WaitForSelectorAsync(".chat-row .unread:text-is('1')", new() { Timeout = 60_000 });
        await bob.Page.ClickAsync(".chat-row .row-face");
        await bob.WaitForIncomingAsync("first");
        await bob.Page.FillAsync("#accept-name", "Alice");
        await bob.Page.ClickAsync("#accept-contact");
        await bob.Page.WaitForSelectorAsync("#chat-title:has-text('Alice')");

        // Both sides keep talking across several rotations (one every 4 s); every message arrives, once.
        var sent = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            var fromAlice = $"alice {i}";
            var fromBob = $"bob {i}";
            await alice.SendAsync(fromAlice, waitSent: false);
            await bob.SendAsync(fromBob, waitSent: false);
            sent.Add(fromAlice);
            sent.Add(fromBob);
            await Task.Delay(1500);
        }

        for (var i = 0; i < 6; i++)
        {
            await bob.WaitForIncomingAsync($"alice {i}");
            await alice.WaitForIncomingAsync($"bob {i}");
        }

        foreach (var text in sent)
        {
            var page = text.StartsWith("alice", StringComparison.Ordinal) ? bob.Page : alice.Page;
            Assert.Equal(1, await page.Locator($".bubble.in:has(.text:text-is('{text}'))").CountAsync());
        }

        // New tokens: at least three connections each, every token different.
        var aliceTokens = (await TraceAsync(alice))["tokens"]!.AsArray().Select(t => t!.GetValue<string>()).ToList();
        var bobTokens = (await TraceAsync(bob))["tokens"]!.AsArray().Select(t => t!.GetValue<string>()).ToList();
        output.WriteLine($"alice tokens {aliceTokens.Count}, bob tokens {bobTokens.Count}");
        Assert.True(aliceTokens.Count >= 3, $"alice rotated {aliceTokens.Count - 1} times");
        Assert.True(bobTokens.Count >= 3, $"bob rotated {bobTokens.Count - 1} times");
        Assert.Equal(aliceTokens.Count + bobTokens.Count, aliceTokens.Concat(bobTokens).Distinct().Count());

        // The observer sees a new connection per rotation, old ones closed, and only cells on every one of them.
        // An old link lingers until its open requests are answered (at most 15 s) and the proxy marks a
        // connection closed once both directions ended, so wait (bounded) for all but the two current ones.
        var sockets = WebSocketConnections(recorder);
        var closing = Stopwatch.StartNew();
        while (sockets.Count(s => s.Closed is not null) < sockets.Count - 2 && closing.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(100);
            sockets = WebSocketConnections(recorder);
        }

        output.WriteLine($"websocket connections {sockets.Count}, closed {sockets.Count(s => s.Closed is not null)} after {closing.Elapsed.TotalSeconds:F1} s");
        Assert.True(sockets.Count >= 6, $"{sockets.Count} connections");
        Assert.True(sockets.Count(s => s.Closed is not null) >= sockets.Count - 2, "old connections stay open");
        Assert.All(sockets, s => Assert.All(s.DataFrames, f => Assert.Equal(CellSize, f.PayloadLength)));
        Assert.Empty(alice.PageErrors);
        Assert.Empty(bob.PageErrors);
    }

    [Fact]
    public async Task Settings_TrafficProfile_ShowsCostAndDelay_PersistsAndOffIsClassic()
    {
        await using var recorder = new WireRecorder(browser.Relay.Port);
        var appUrl = new Uri($"http://127.0.0.1:{recorder.Port}/app?slot=250");
        await using var user = await WebUser.OnboardedAsync(browser, appUrl);
        await user.Page.ClickAsync("#open-settings");
        var standard = user.Page.Locator("[data-traffic-choice='standard']");
        Assert.Equal("true", await standard.GetAttributeAsync("aria-checked"));
        var texts = await user.Page.Locator(".traffic-choice").AllInnerTextsAsync();
        Assert.Equal(4, texts.Count);
        Assert.Contains("338 MiB a day", texts[0], StringComparison.Ordinal);
        Assert.Contains("169 MiB a day", texts[1], StringComparison.Ordinal);
        Assert.Contains("34 MiB a day", texts[2], StringComparison.Ordinal);
        Assert.Contains("4–5 s", texts[1], StringComparison.Ordinal);
        Assert.Contains("only what you send", texts[3], StringComparison.Ordinal);
        await user.ScreenshotAsync("settings-traffic-390x844");

        // Off: a new connection with classic frames and no cover.
        await user.Page.ClickAsync("[data-traffic-choice='off']");
        await user.Page.WaitForSelectorAsync("[data-traffic-choice='off'][aria-checked='true']");
        await user.Page.WaitForSelectorAsync("#traffic-off-warning");
        await user.Page.WaitForFunctionAsync("() => Offline.App.RelayTrace.snapshot().classicFramesSent > 0", null, new() { Timeout = 30_000 });
        var covers = (await TraceAsync(user))["coversSent"]!.GetValue<int>();
        await Task.Delay(2000);
        Assert.Equal(covers, (await TraceAsync(user))["coversSent"]!.GetValue<int>());

        // Light, persisted in the encrypted store: still chosen after a reload and unlock.
        await user.Page.ClickAsync("[data-traffic-choice='light']");
        await user.Page.WaitForSelectorAsync("[data-traffic-choice='light'][aria-checked='true']");
        await user.Page.ReloadAsync();
        await user.Page.FillAsync("#passphrase", WebUser.Passphrase);
        await user.Page.ClickAsync("#onboard-submit");
        await user.WaitOnlineAsync();
        await user.Page.ClickAsync("#open-settings");
        Assert.Equal("true", await user.Page.Locator("[data-traffic-choice='light']").GetAttributeAsync("aria-checked"));
        Assert.Empty(user.PageErrors);
    }

    public void Dispose()
    {
        if (Directory.Exists(home))
        {
            Directory.Delete(home, recursive: true);
        }
    }

    private static async Task<JsonNode> TraceAsync(WebUser user) =>
        JsonNode.Parse(await user.Page.EvaluateAsync<string>("() => JSON.stringify(Offline.App.RelayTrace.snapshot())"))!;

    /// <summary>The proxy also carries the page's plain HTTP requests (/app, the manifest, the icon): only upgraded connections count.</summary>
    private static List<WireConnection> WebSocketConnections(WireRecorder recorder) =>
        [.. recorder.Connections.Where(c => c.IsWebSocket)];
}
