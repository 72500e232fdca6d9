using System.Text.Json.Nodes;
using Offline.EndToEnd.Tests.Infrastructure;
using Offline.Protocol.Identity;
using Offline.Web.Tests.Browser;

namespace Offline.Web.Tests.App;

/// <summary>
/// The web app keeps its one-time prekeys stocked on the real relay (docs/PROTOCOL.md §3, "Keeping one-time
/// prekeys stocked"): a stranger's raw fetches drain them, the next connection tops up with new ids, the CLI
/// completes a handshake over a topped-up prekey, and no reload ever offers a prekey a second time.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class PrekeyStockTests(BrowserFixture browser) : IDisposable
{
    private const float TraceTimeout = 60_000;
    private readonly string home = Path.Combine(Path.GetTempPath(), "offline-web-prekeys-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task Reconnect_AfterFortyFetches_TopsUpWithNewIdsThatCliHandshakesUse()
    {
        await using var web = await WebUser.OnboardedAsync(browser, browser.Relay.FastAppUrl);
        var webId = await web.IdAsync();
        var id = OfflineId.Parse(webId);
        var published = await WaitForTraceAsync(web, "s.checks > 0");
        Assert.Equal(Range(1, 50), Ids(published));
        Assert.Equal(51, published["nextOneTimeId"]!.GetValue<int>());

        // A stranger drains 40 of the 50: the relay hands them out in order, each once.
        await using var stranger = await RawRelayClient.ConnectAsync(browser.Relay);
        Assert.Equal(Range(1, 40), await stranger.FetchOneTimePrekeyIdsAsync(id, 40));

        // The next connection finds 10 left (fewer than 20) and tops up to 50 with ids 51–90, keeping the
        // private keys of the 40 handed out for the first messages that may still come.
        await ReloadAndUnlockAsync(web);
        var stocked = await WaitForTraceAsync(web, "s.topUps > 0");
        Assert.Equal(Range(41, 10), Ids(stocked));
        Assert.Equal(40, stocked["drawn"]!.GetValue<int>());
        Assert.Equal(Range(41, 50), Ids(stocked, "relayHeldIds"));
        Assert.Equal(91, stocked["nextOneTimeId"]!.GetValue<int>());
        Assert.Equal(90, stocked["localOneTime"]!.GetValue<int>());
        Assert.Equal(40, stocked["handedOut"]!.GetValue<int>());

        // The 10 old ones go first, then the new ones.
        Assert.Equal(Range(41, 10), await stranger.FetchOneTimePrekeyIdsAsync(id, 10));
        Assert.Equal(51u, await stranger.FetchOneTimePrekeyIdAsync(id));

        // Another reload: the private keys of 51–90 now come from the vault's rewritten secret form. The relay
        // holds 39, enough: nothing is drawn and nothing forgotten (51 handed out, all kept until used).
        await ReloadAndUnlockAsync(web);
        var reloaded = await WaitForTraceAsync(web, "s.checks > 0");
        Assert.Equal(Range(52, 39), Ids(reloaded));
        Assert.Equal(0, reloaded["drawn"]!.GetValue<int>());
        Assert.Equal(90, reloaded["localOneTime"]!.GetValue<int>());
        Assert.Equal(51, reloaded["handedOut"]!.GetValue<int>());

        // The terminal adds the web user over prekey 52 (the next fetch gets 53) and writes first; the browser
        // accepts the handshake with the topped-up prekey's private key and shows the message.
        var cli = new CliUser(home, () => browser.Relay.WebSocketUrl);
        await cli.GenerateIdAsync();
        await cli.RunOkAsync("add", webId, "--name", "web");
        await cli.RunOkAsync("send", "web", "hello over a topped-up prekey");
        Assert.Equal(53u, await stranger.FetchOneTimePrekeyIdAsync(id));
        await web.Page.WaitForSelectorAsync(".chat-row .unread:text-is('1')", new() { Timeout = 60_000 });
        await web.Page.ClickAsync(".chat-row .row-face");
        await web.WaitForIncomingAsync("hello over a topped-up prekey");
        var used = await WaitForTraceAsync(web, "s.localOneTime === 89");
        Assert.Null(used["lastError"]?.GetValue<string>());
        Assert.Empty(web.PageErrors);
        Assert.Empty(browser.ForeignRequests);
    }

    [Fact]
    public async Task Reloads_AfterDraining_NeverHandOutAPrekeyTwice()
    {
        await using var web = await WebUser.OnboardedAsync(browser, browser.Relay.FastAppUrl);
        var id = OfflineId.Parse(await web.IdAsync());
        await WaitForTraceAsync(web, "s.checks > 0");
        await using var stranger = await RawRelayClient.ConnectAsync(browser.Relay);
        var seen = new List<uint>();

        // 35 fetched: the reload finds 15 and tops up 35 (51–85).
        seen.AddRange(await stranger.FetchOneTimePrekeyIdsAsync(id, 35));
        await ReloadAndUnlockAsync(web);
        Assert.Equal(Range(36, 15), Ids(await WaitForTraceAsync(web, "s.checks > 0")));
        Assert.Equal(Range(36, 50), Ids(await WaitForTraceAsync(web, "s.topUps > 0"), "relayHeldIds"));

        // 20 more: the reload finds 30, enough, and adds nothing.
        seen.AddRange(await stranger.FetchOneTimePrekeyIdsAsync(id, 20));
        await ReloadAndUnlockAsync(web);
        var enough = await WaitForTraceAsync(web, "s.checks > 0");
        Assert.Equal(0, enough["drawn"]!.GetValue<int>());
        Assert.Equal(Range(56, 30), Ids(enough));

        // Drained to none: the bundle still comes, without a one-time prekey, until the next connection restocks.
        seen.AddRange(await stranger.FetchOneTimePrekeyIdsAsync(id, 30));
        Assert.Null(await stranger.FetchOneTimePrekeyIdAsync(id));
        await ReloadAndUnlockAsync(web);
        var restocked = await WaitForTraceAsync(web, "s.topUps > 0");
        Assert.Empty(Ids(restocked));
        Assert.Equal(Range(86, 50), Ids(restocked, "relayHeldIds"));
        seen.AddRange(await stranger.FetchOneTimePrekeyIdsAsync(id, 5));

        // Every id handed out once, in order: 1–50 as first published, then only new ids.
        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.Equal(Range(1, 90), seen);
        Assert.Empty(web.PageErrors);
    }

    [Fact]
    public async Task RelayLosesItsStore_Reconnect_RepublishesWithoutOneTimePrekeysAndTopsUpNewIds()
    {
        await using var web = await WebUser.OnboardedAsync(browser, browser.Relay.FastAppUrl);
        var id = OfflineId.Parse(await web.IdAsync());
        await WaitForTraceAsync(web, "s.checks > 0");
        await using (var stranger = await RawRelayClient.ConnectAsync(browser.Relay))
        {
            Assert.Equal(Range(1, 5), await stranger.FetchOneTimePrekeyIdsAsync(id, 5));
        }

        // The memory store goes with the process: the app's next connection finds no introduction mailbox,
        // publishes with no one-time prekeys (1–50 may all have been handed out) and tops up with 51–100,
        // keeping the 50 old private keys for first messages that may still come.
        browser.Relay.Stop();
        try
        {
            await web.Page.WaitForSelectorAsync("#relay-status:not([data-status='online'])", new() { State = Microsoft.Playwright.WaitForSelectorState.Attached });
        }
        finally
        {
            await browser.Relay.StartAgainAsync();
        }

        var restocked = await WaitForTraceAsync(web, "s.topUps > 0");
        Assert.Empty(Ids(restocked));
        Assert.Equal(Range(51, 50), Ids(restocked, "relayHeldIds"));
        Assert.Equal(100, restocked["localOneTime"]!.GetValue<int>());
        Assert.Equal(50, restocked["handedOut"]!.GetValue<int>());
        await using var after = await RawRelayClient.ConnectAsync(browser.Relay);
        Assert.Equal(51u, await after.FetchOneTimePrekeyIdAsync(id));
        Assert.Empty(web.PageErrors);
    }

    [Fact]
    public async Task VaultFromBeforeTopUps_FirstConnection_RepublishesWithoutOneTimePrekeysAndRestocks()
    {
        await using var web = await WebUser.OnboardedAsync(browser, browser.Relay.FastAppUrl);
        var id = OfflineId.Parse(await web.IdAsync());
        await WaitForTraceAsync(web, "s.checks > 0");
        await using var stranger = await RawRelayClient.ConnectAsync(browser.Relay);
        Assert.Equal(Range(1, 5), await stranger.FetchOneTimePrekeyIdsAsync(id, 5));

        // The prekeys record as the app before top-ups wrote it: secret form, used ids, handshake digests only.
        await web.Page.EvaluateAsync(
            """
            async (passphrase) => {
              const vault = await Offline.App.Store.unlock(passphrase);
              const { secret, usedOneTime, seenHandshakes } = await vault.value('prekeys');
              await vault.putAll([{ name: 'prekeys', value: { secret, usedOneTime, seenHandshakes } }]);
            }
            """,
            WebUser.Passphrase);

        // That app offered every prekey still held on every Welcome, so the relay may hold some it already
        // handed out: the upgraded app publishes once with none and restocks with ids past all it had.
        await ReloadAndUnlockAsync(web);
        var restocked = await WaitForTraceAsync(web, "s.topUps > 0");
        Assert.Empty(Ids(restocked));
        Assert.Equal(Range(51, 50), Ids(restocked, "relayHeldIds"));
        Assert.Equal(101, restocked["nextOneTimeId"]!.GetValue<int>());
        Assert.Equal(51u, await stranger.FetchOneTimePrekeyIdAsync(id));

        // Once: the next connection only checks.
        await ReloadAndUnlockAsync(web);
        var checkedAgain = await WaitForTraceAsync(web, "s.checks > 0");
        Assert.Equal(Range(52, 49), Ids(checkedAgain));
        Assert.Equal(0, checkedAgain["drawn"]!.GetValue<int>());
        Assert.Empty(web.PageErrors);
    }

    [Fact]
    public async Task Reconcile_DaysCapAndSecretForm_AsTheSpecSays()
    {
        var cases = new (string Name, JsonObject Input, JsonObject HandedOut, int[] Forget, int Fresh)[]
        {
            ("two handed out, relay low", Case(Consecutive(1, 5), [3, 4, 5], [], 100), Days((1, 100), (2, 100)), [], 47),
            ("handed out long ago: kept until used", Case([1, 2, 3], [3], [(1, 60), (2, 70)], 465), Days((1, 60), (2, 70)), [], 49),
            ("over 400: the longest handed-out go", Case(Consecutive(1, 420), Consecutive(401, 20), [.. Consecutive(1, 10).Select(i => (i, 90)), .. Consecutive(11, 390).Select(i => (i, 100))], 100),
                Days([.. Consecutive(21, 380).Select(i => (i, 100))]), Consecutive(1, 20), 0),
            ("room kept for the fresh ones", Case(Consecutive(1, 400), [400], [], 100), Days([.. Consecutive(50, 350).Select(i => (i, 100))]), Consecutive(1, 49), 49),
            ("used or back on the relay: day dropped; not ours: not counted", Case([1, 2], [2, 9], [(2, 95), (7, 95)], 100), Days((1, 100)), [], 49),
        };
        var page = await browser.OpenAppAsync();
        try
        {
            var result = await PageScript.RunAsync(page, "App/prekey_stock.js", new JsonObject { ["cases"] = new JsonArray([.. cases.Select(c => (JsonNode)c.Input)]) });
            var decided = result["cases"]!.AsArray();
            for (var i = 0; i < cases.Length; i++)
            {
                var (name, _, handedOut, forget, fresh) = cases[i];
                Assert.True(JsonNode.DeepEquals(handedOut, decided[i]!["handedOut"]), $"{name}: handed out {decided[i]!["handedOut"]!.ToJsonString()}");
                Assert.Equal(forget, decided[i]!["forget"]!.AsArray().Select(n => n!.GetValue<int>()).Order());
                Assert.Equal(fresh, decided[i]!["fresh"]!.GetValue<int>());
            }

            var constants = result["constants"]!;
            Assert.Equal((50, 20, 400), (constants["target"]!.GetValue<int>(), constants["lowWater"]!.GetValue<int>(), constants["max"]!.GetValue<int>()));
            Assert.Equal(1, result["dayOne"]!.GetValue<int>());

            // Drawn with the next ids, signed under the one-time label; the rewritten form keeps the first bundle,
            // drops the forgotten prekey 2, adds 4 and 5, and a damaged form is refused.
            Assert.Equal([4, 5], result["drawnIds"]!.AsArray().Select(n => n!.GetValue<int>()));
            Assert.All(result["signed"]!.AsArray(), s => Assert.True(s!.GetValue<bool>()));
            Assert.Equal([1, 3, 4, 5], result["loadedIds"]!.AsArray().Select(n => n!.GetValue<int>()));
            Assert.True(result["bundleUnchanged"]!.GetValue<bool>());
            Assert.True(result["samePublic"]!.GetValue<bool>());
            Assert.Equal("Malformed", result["damaged"]!.GetValue<string>());
        }
        finally
        {
            await page.CloseAsync();
        }
    }

    public void Dispose()
    {
        if (Directory.Exists(home))
        {
            Directory.Delete(home, recursive: true);
        }
    }

    private static List<uint> Range(int first, int count) => [.. Enumerable.Range(first, count).Select(i => (uint)i)];

    private static int[] Consecutive(int first, int count) => [.. Enumerable.Range(first, count)];

    private static JsonObject Case(int[] local, int[] relay, (int Id, int Day)[] handedOut, int today) => new()
    {
        ["local"] = new JsonArray([.. local.Select(i => (JsonNode)i)]),
        ["relay"] = new JsonArray([.. relay.Select(i => (JsonNode)i)]),
        ["handedOut"] = Days(handedOut),
        ["today"] = today,
    };

    /// <summary>id → handed-out day, keyed by the id's decimal text as the app stores it, ascending.</summary>
    private static JsonObject Days(params (int Id, int Day)[] days) =>
        new(days.OrderBy(d => d.Id).Select(d => KeyValuePair.Create(d.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), (JsonNode?)d.Day)));

    /// <summary>The ids the relay held at the last check (<c>checkedIds</c>, before any top-up) or after its last answer (<c>relayHeldIds</c>).</summary>
    private static List<uint> Ids(JsonNode trace, string which = "checkedIds") => [.. trace[which]!.AsArray().Select(i => i!.GetValue<uint>())];

    /// <summary>A reload, as a user closing and opening the tab: a new page, a new connection after unlock.</summary>
    private static async Task ReloadAndUnlockAsync(WebUser user)
    {
        await user.Page.ReloadAsync();
        await user.Page.FillAsync("#passphrase", WebUser.Passphrase);
        await user.Page.ClickAsync("#onboard-submit");
        await user.WaitOnlineAsync();
    }

    /// <summary>Waits (bounded) until <paramref name="condition"/> holds for the page's prekey trace <c>s</c>, and returns it.</summary>
    private static async Task<JsonNode> WaitForTraceAsync(WebUser user, string condition)
    {
        await user.Page.WaitForFunctionAsync($"() => {{ const s = Offline.App.PrekeyTrace.snapshot(); return {condition}; }}", null, new() { Timeout = TraceTimeout });
        return JsonNode.Parse(await user.Page.EvaluateAsync<string>("() => JSON.stringify(Offline.App.PrekeyTrace.snapshot())"))!;
    }
}
