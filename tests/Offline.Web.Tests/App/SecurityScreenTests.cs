using System.Globalization;
using System.Text;
using Microsoft.Playwright;
using Offline.Protocol.Primitives;
using Offline.Protocol.Statements;
using Offline.Web.Tests.Browser;

namespace Offline.Web.Tests.App;

/// <summary>
/// Settings → Security through the real relay and real Chromium: the release check (the app's own hash
/// against the signed manifest at /release) and the relay's warrant canary (FetchCanary), with every key
/// a throwaway one (<see cref="SecurityRelay"/>).
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class SecurityScreenTests(BrowserFixture browser)
{
    private static readonly string[] Themes = ["terminal", "dark", "light"];

    [Fact]
    public async Task AppReleaseKey_EqualsReleaseKeyFile()
    {
        var app = await File.ReadAllTextAsync(BrowserFixture.WebAppPath);
        var file = await File.ReadAllTextAsync(Path.Combine(Path.GetDirectoryName(BrowserFixture.WebAppPath)!, "..", "keys", "release-key.pub"));
        Assert.Equal(file.TrimEnd('\n'), SecurityRelay.ReleaseKeyIn(app));
        Assert.True(StatementKey.TryParsePublic(SecurityRelay.ReleaseKeyIn(app), StatementKey.ReleasePurpose, out _));
    }

    [Fact]
    public async Task Security_EachReleaseManifest_ShowsItsVerdict()
    {
        await using var relay = await SecurityRelay.StartAsync();
        using var otherKey = P256SigningKey.Generate(SystemRandom.Instance);
        var valid = SecurityRelay.Manifest(relay.ReleaseKey, relay.AppHash);
        var cases = new (string Name, byte[]? Manifest, StatementError Parsed, string Verdict, string Text)[]
        {
            ("listing the app's own hash", valid, StatementError.None, "match", "matches the signed release 0.9.0"),
            ("listing another hash", SecurityRelay.Manifest(relay.ReleaseKey, new string('f', 64)), StatementError.None, "mismatch", "does NOT match the signed release — this is not the published app"),
            ("signed by another key", SecurityRelay.Manifest(otherKey, relay.AppHash), StatementError.UntrustedKey, "untrusted", "not signed by the project's release key"),
            ("with a flipped byte in the version", SecurityRelay.Flipped(valid, 30), StatementError.BadSignature, "damaged", "damaged or from a newer version"),
            ("with a flipped byte in the signature", SecurityRelay.WithFlippedSignatureByte(valid), StatementError.BadSignature, "damaged", "damaged or from a newer version"),
            ("of a newer format", Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(valid).Replace("offline-release v1", "offline-release v2", StringComparison.Ordinal)), StatementError.UnknownVersion, "damaged", "damaged or from a newer version"),
            ("absent", null, StatementError.None, "none", "no release manifest on this relay (running from source?)"),
        };

        await using var user = await WebUser.OnboardedAsync(browser, relay.Relay.FastAppUrl);
        foreach (var (name, manifest, parsed, verdict, text) in cases)
        {
            if (manifest is null)
            {
                relay.DeleteManifest();
            }
            else
            {
                // The C# verifier agrees on what the bytes are, so the screen is judged against the reference.
                Assert.Equal(parsed, ReleaseManifest.TryParse(manifest, relay.ReleaseKey.PublicKey, out _));
                await relay.WriteManifestAsync(manifest);
            }

            await OpenSecurityAsync(user);
            var shown = await user.Page.WaitForSelectorAsync($"#release-verdict[data-verdict='{verdict}']", new() { Timeout = 30_000 });
            Assert.True(shown is not null, name);
            Assert.Contains(text, await shown!.InnerTextAsync(), StringComparison.OrdinalIgnoreCase);
            Assert.Equal(relay.AppHash, (await user.Page.InnerTextAsync("#app-hash")).Trim());
            if (verdict is "match" or "mismatch")
            {
                Assert.Equal(verdict == "match" ? relay.AppHash : new string('f', 64), (await user.Page.InnerTextAsync("#release-hash")).Trim());
                Assert.Equal($"version 0.9.0 · commit {new string('a', 40)}", (await user.Page.InnerTextAsync("#release-id")).Trim());
            }

            Assert.Equal(verdict is "match" or "none" ? 0 : 1, await user.Page.Locator("#release-verdict.warn").CountAsync());
            await user.BackToListAsync();
        }

        Assert.Empty(user.PageErrors);
        Assert.Empty(browser.ForeignRequests);
    }

    [Fact]
    public async Task Security_EachCanary_ShowsStatusAndWarns()
    {
        await using var relay = await SecurityRelay.StartAsync();
        using var operatorKey = P256SigningKey.Generate(SystemRandom.Instance);
        using var otherKey = P256SigningKey.Generate(SystemRandom.Instance);
        using var newKey = P256SigningKey.Generate(SystemRandom.Instance);
        const string Statement = "As of the date above, this relay has received no secret order to log or hand over data.\n<b>Not markup</b> & tabs\tstay text.";
        await relay.WriteCanaryAsync(SecurityRelay.Canary(operatorKey, issuedDaysAgo: 2, periodDays: 30, Statement));
        await using var user = await WebUser.OnboardedAsync(browser, relay.Relay.FastAppUrl);

        // (1) Valid: shown in full, its key pinned; no warning anywhere.
        await ExpectCanaryAsync(user, "fresh", "Current: signed by this relay's canary key");
        Assert.Equal(Statement, await user.Page.EvalOnSelectorAsync<string>("#canary-statement", "e => e.textContent"));
        Assert.Equal(0, await user.Page.Locator("#canary-statement *").CountAsync());
        Assert.Equal(Day(-2), await user.Page.InnerTextAsync("#canary-issued"));
        Assert.Equal($"{Day(-2 + 30 - 1)} (UTC)", await user.Page.InnerTextAsync("#canary-until"));
        Assert.Equal(StatementKey.Fingerprint(operatorKey.PublicKey), await user.Page.InnerTextAsync("#canary-fingerprint"));
        Assert.Equal(0, await user.Page.Locator("#canary-status.warn").CountAsync());
        await user.BackToListAsync();
        Assert.Equal(0, await user.Page.Locator("#canary-banner").CountAsync());

        // (2) Expired: issued 40 days ago for 30 days; a warning here and in the chat list.
        await relay.WriteCanaryAsync(SecurityRelay.Canary(operatorKey, issuedDaysAgo: 40, periodDays: 30, Statement));
        await ExpectCanaryAsync(user, "expired", $"Expired on {Day(-10)}");
        await ExpectBannerAsync(user, "expired");

        // (3) From the future: issued three days from now.
        await relay.WriteCanaryAsync(SecurityRelay.Canary(operatorKey, issuedDaysAgo: -3, periodDays: 30, Statement));
        await ExpectCanaryAsync(user, "future", "Dated in the future");

        // (4) Badly signed: one flipped byte in the statement, and a canary naming one key but signed by another.
        var flipped = SecurityRelay.Flipped(SecurityRelay.Canary(operatorKey, 2, 30, Statement), 200);
        Assert.Equal(StatementError.BadSignature, WarrantCanary.TryParse(flipped, out _));
        await relay.WriteCanaryAsync(flipped);
        await ExpectCanaryAsync(user, "invalid", "damaged or badly signed (BadSignature)");
        await ExpectBannerAsync(user, "badly signed");
        var impostor = SignedStatement.Sign(WarrantCanary.Domain, CanaryBody(operatorKey.PublicKey, Statement), otherKey);
        Assert.Equal(StatementError.BadSignature, WarrantCanary.TryParse(impostor, out _));
        await relay.WriteCanaryAsync(impostor);
        await ExpectCanaryAsync(user, "invalid", "damaged or badly signed (BadSignature)");
        Assert.Equal(0, await user.Page.Locator("#canary-statement").CountAsync());

        // (5) Missing: the relay answers NoCanary.
        relay.DeleteCanary();
        await ExpectCanaryAsync(user, "missing", "serves no warrant canary");
        await ExpectBannerAsync(user, "missing");

        // (6) Well signed by another key than the pinned one: warned until the user trusts it.
        await relay.WriteCanaryAsync(SecurityRelay.Canary(newKey, 1, 30, "New operator key since " + Day(-1) + "."));
        await ExpectCanaryAsync(user, "keyChanged", "Signed by a different key");
        Assert.Equal(StatementKey.Fingerprint(newKey.PublicKey), await user.Page.InnerTextAsync("#canary-fingerprint"));
        await ExpectBannerAsync(user, "signed by a new key");
        await OpenSecurityAsync(user);
        await user.Page.WaitForSelectorAsync("#canary-card[data-status='keyChanged']");
        await user.Page.ClickAsync("#canary-trust");
        await user.Page.WaitForSelectorAsync("#canary-card[data-status='fresh']");
        Assert.Equal(0, await user.Page.Locator("#canary-trust").CountAsync());
        await user.BackToListAsync();
        Assert.Equal(0, await user.Page.Locator("#canary-banner").CountAsync());

        // (7) The pin survives a reload (it is in the encrypted store): the old key is now the changed one.
        await user.Page.ReloadAsync();
        await user.Page.FillAsync("#passphrase", WebUser.Passphrase);
        await user.Page.ClickAsync("#onboard-submit");
        await user.WaitOnlineAsync();
        await relay.WriteCanaryAsync(SecurityRelay.Canary(operatorKey, 2, 30, Statement));
        await ExpectCanaryAsync(user, "keyChanged", "Signed by a different key");

        Assert.Empty(user.PageErrors);
        Assert.Empty(browser.ForeignRequests);
    }

    [Fact]
    public async Task Security_CanaryOnClassicConnection_Verified()
    {
        await using var relay = await SecurityRelay.StartAsync();
        using var operatorKey = P256SigningKey.Generate(SystemRandom.Instance);
        await relay.WriteCanaryAsync(SecurityRelay.Canary(operatorKey, 0, 7, "Fetched in cells."));
        await using var user = await WebUser.OnboardedAsync(browser, relay.Relay.FastAppUrl);
        await ExpectCanaryAsync(user, "fresh", "Current");
        Assert.Equal("Fetched in cells.", await user.Page.InnerTextAsync("#canary-statement"));

        // Traffic profile off: the next link is classic (padded frames, no cells); the next look goes over it.
        await user.Page.ClickAsync("[data-traffic-choice='off']");
        await user.Page.WaitForFunctionAsync("() => Offline.App.RelayTrace.snapshot().classicFramesSent > 0", null, new() { Timeout = 30_000 });
        await user.WaitOnlineAsync();
        await relay.WriteCanaryAsync(SecurityRelay.Canary(operatorKey, 0, 7, "Fetched in a classic frame."));
        await ExpectCanaryAsync(user, "fresh", "Current");
        Assert.Equal("Fetched in a classic frame.", await user.Page.InnerTextAsync("#canary-statement"));
        Assert.Empty(user.PageErrors);
    }

    [Fact]
    public async Task Security_RelayOlderThanCanaries_SaysSoOnceAndStaysConnected()
    {
        await using var relay = await SecurityRelay.StartAsync();
        using var operatorKey = P256SigningKey.Generate(SystemRandom.Instance);
        await relay.WriteCanaryAsync(SecurityRelay.Canary(operatorKey, 0, 7, "Never reaches the browser."));
        await using var oldRelay = await PreCanaryRelayProxy.StartAsync(relay.Relay);
        await using var user = await WebUser.OnboardedAsync(browser, oldRelay.FastAppUrl);

        // The first connection of the day asks; the relay closes the link on the unknown op: "not published", not a broken app.
        await user.Page.WaitForFunctionAsync(
            "() => Number(document.querySelector('.list-pane').dataset.canaryChecks) > 0", null, new() { Timeout = 30_000 });
        await OpenSecurityAsync(user);
        Assert.Equal("unsupported", await user.Page.GetAttributeAsync("#canary-card", "data-status"));
        Assert.Contains("does not publish canaries", await user.Page.InnerTextAsync("#canary-status"), StringComparison.Ordinal);
        await ExpectBannerAsync(user, "not published by this relay");
        Assert.Equal(1, oldRelay.FetchCanaryClosures);

        // Reconnected, and opening Security again that day does not ask again (each ask costs a reconnect).
        await user.WaitOnlineAsync();
        await OpenSecurityAsync(user);
        await user.BackToListAsync();
        await OpenSecurityAsync(user);
        await user.WaitOnlineAsync();
        Assert.Equal("unsupported", await user.Page.GetAttributeAsync("#canary-card", "data-status"));
        Assert.Equal(1, oldRelay.FetchCanaryClosures);
        Assert.Empty(user.PageErrors);
    }

    [Fact]
    public async Task Security_MatchAndExpiredCanary_Screenshots()
    {
        await using var relay = await SecurityRelay.StartAsync();
        using var operatorKey = P256SigningKey.Generate(SystemRandom.Instance);
        await relay.WriteManifestAsync(SecurityRelay.Manifest(relay.ReleaseKey, relay.AppHash));
        await relay.WriteCanaryAsync(SecurityRelay.Canary(operatorKey, issuedDaysAgo: 95, periodDays: 90,
            "As of the date above, this relay has received no secret order, subpoena or request to log or hand over user data."));
        await using var user = await WebUser.OnboardedAsync(browser, relay.Relay.FastAppUrl);
        foreach (var theme in Themes)
        {
            foreach (var (width, height) in new[] { (390, 844), (1280, 800) })
            {
                await user.Page.SetViewportSizeAsync(width, height);
                await user.Page.EvaluateAsync("(t) => { localStorage.setItem('offline-theme', t); document.documentElement.dataset.theme = t; }", theme);
                await user.BackToListAsync();
                await user.Page.WaitForSelectorAsync("#canary-banner[data-status='expired']", new() { Timeout = 30_000 });
                await user.ScreenshotAsync($"chat-list-canary-expired-{theme}-{width}x{height}");
                await OpenSecurityAsync(user);
                await user.Page.WaitForSelectorAsync("#release-verdict[data-verdict='match']", new() { Timeout = 30_000 });
                await user.Page.WaitForSelectorAsync("#canary-card[data-status='expired']");
                await user.Page.EvalOnSelectorAsync("#security", "e => e.scrollIntoView({ block: 'start' })");
                await user.ScreenshotAsync($"security-{theme}-{width}x{height}");
            }
        }

        Assert.Empty(user.PageErrors);
    }

    /// <summary>Opens Settings (Security is its last section) from wherever the user is.</summary>
    private static async Task OpenSecurityAsync(WebUser user)
    {
        await user.BackToListAsync();
        await user.Page.ClickAsync("#open-settings");
        await user.Page.WaitForSelectorAsync("#canary-card");
    }

    /// <summary>Opens Security, waits for a canary check made after it opened, and expects its status and text.</summary>
    private static async Task ExpectCanaryAsync(WebUser user, string status, string text)
    {
        var before = await user.Page.EvaluateAsync<int>("() => Number(document.querySelector('.list-pane').dataset.canaryChecks)");
        await OpenSecurityAsync(user);
        await user.Page.WaitForFunctionAsync(
            "(n) => Number(document.querySelector('.list-pane').dataset.canaryChecks) > n", before, new() { Timeout = 30_000 });
        Assert.Equal(status, await user.Page.GetAttributeAsync("#canary-card", "data-status"));
        Assert.Contains(text, await user.Page.InnerTextAsync("#canary-status"), StringComparison.Ordinal);
        Assert.Equal(status == "fresh" ? 0 : 1, await user.Page.Locator("#canary-status.warn").CountAsync());
        Assert.Equal(status == "keyChanged" ? 1 : 0, await user.Page.Locator("#canary-trust").CountAsync());
    }

    /// <summary>The chat list, for a user who never opens Settings, carries the warning too.</summary>
    private static async Task ExpectBannerAsync(WebUser user, string what)
    {
        await user.BackToListAsync();
        var banner = await user.Page.WaitForSelectorAsync("#canary-banner");
        Assert.Contains($"Warrant canary {what}", await banner!.InnerTextAsync(), StringComparison.Ordinal);
    }

    /// <summary>The documented body (PROTOCOL.md Part 4) of a fresh canary naming <paramref name="key"/>.</summary>
    private static string CanaryBody(P256PublicKey key, string statement) =>
        $"offline-canary v1\nissued {Day(-1)}\nperiod-days 30\nkey {Convert.ToBase64String(key.Encoded)}\nstatement\n{statement}\n";

    private static string Day(int offset) => SecurityRelay.Today.AddDays(offset).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
