using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Offline.Web.Tests.Browser;

namespace Offline.Web.Tests.App;

/// <summary>What the relay serves and what the page shows about itself: hash, headers, safety number, themes, screenshots.</summary>
[Collection(BrowserCollection.Name)]
public sealed partial class AppShellTests(BrowserFixture browser)
{
    private static readonly string[] Themes = ["terminal", "dark", "light"];

    [Fact]
    public async Task Settings_AppHash_EqualsRelayAppHashCommand()
    {
        await using var user = await WebUser.OnboardedAsync(browser, browser.Relay.FastAppUrl);
        await user.Page.ClickAsync("#open-settings");
        await user.Page.WaitForSelectorAsync("#app-hash:not(:text-is('computing…'))");
        var shown = (await user.Page.InnerTextAsync("#app-hash")).Trim();
        Assert.Equal(await RelayServer.AppHashAsync(), shown);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(BrowserFixture.WebAppPath))), shown);
    }

    [Fact]
    public async Task Relay_ServesAppAndPwaFiles_WithStrictHeaders()
    {
        using var http = new HttpClient();
        var app = await http.GetAsync(browser.Relay.AppUrl);
        var policy = string.Join(' ', app.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'none'", policy, StringComparison.Ordinal);
        Assert.Contains("connect-src 'self'", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", policy, StringComparison.Ordinal);
        Assert.Matches(ScriptHash(), policy);
        Assert.Equal("no-referrer", app.Headers.GetValues("Referrer-Policy").Single());
        Assert.Equal("no-cache", app.Headers.CacheControl!.ToString());
        foreach (var file in new[] { "manifest.webmanifest", "sw.js", "icon.svg" })
        {
            var response = await http.GetAsync(new Uri(browser.Relay.Origin, file));
            Assert.True(response.IsSuccessStatusCode, file);
            Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
        }
    }

    [Fact]
    public async Task ServiceWorker_AfterFirstVisit_ShellLoadsOffline()
    {
        var context = await browser.NewContextAsync(browser.Relay.AppUrl, serviceWorkers: true);
        try
        {
            var page = await context.NewPageAsync();
            await page.GotoAsync(browser.Relay.AppUrl.ToString());
            await page.WaitForFunctionAsync("async () => (await navigator.serviceWorker.ready).active !== null", null, new() { Timeout = 30_000 });
            await page.WaitForFunctionAsync("() => navigator.serviceWorker.controller !== null", null, new() { Timeout = 30_000 });
            await context.SetOfflineAsync(true);
            await page.ReloadAsync();
            await page.WaitForSelectorAsync("#passphrase");
        }
        finally
        {
            await context.CloseAsync();
        }
    }

    [Fact]
    public async Task Screens_EveryThemeBothSizes_Screenshots()
    {
        var sizes = new[] { (390, 844), (1280, 800) };
        await using var alice = await WebUser.OnboardedAsync(browser, browser.Relay.FastAppUrl);
        await using var bob = await WebUser.OnboardedAsync(browser, browser.Relay.FastAppUrl);
        Assert.Null(await alice.AddContactAsync(await bob.IdAsync(), "Bob"));
        await alice.SendAsync("Are we still on for tonight?");
        await bob.Page.ClickAsync(".chat-row .row-face", new() { Timeout = 60_000 });
        await bob.WaitForIncomingAsync("Are we still on for tonight?");
        await bob.SendAsync("Yes! 8pm at the usual place.");
        await alice.WaitForIncomingAsync("Yes! 8pm at the usual place.");
        await alice.OpenMessageMenuAsync("Yes! 8pm at the usual place.");
        await alice.Page.ClickAsync(".react[data-emoji='❤️']");
        await alice.SendAsync("Perfect, see you there");

        // A second chat with an unread answer, and Bob pinned, so the list looks like one in use.
        await using var carol = await WebUser.OnboardedAsync(browser, browser.Relay.FastAppUrl);
        Assert.Null(await alice.AddContactAsync(await carol.IdAsync(), "Carol"));
        await alice.SendAsync("Lunch tomorrow?");
        await alice.BackToListAsync();
        await carol.Page.ClickAsync(".chat-row .row-face", new() { Timeout = 60_000 });
        await carol.WaitForIncomingAsync("Lunch tomorrow?");
        await carol.SendAsync("Sure — 12:30 at the park?");
        await alice.Page.WaitForSelectorAsync(".chat-row[data-name='Carol'] .unread", new() { Timeout = 60_000 });
        await alice.SwipeAsync("Bob", 120);
        await alice.Page.ClickAsync(".chat-row[data-name='Bob'] .action.pin");
        await alice.Page.WaitForSelectorAsync(".chat-row[data-name='Bob'] .badge-pin");

        foreach (var theme in Themes)
        {
            foreach (var (width, height) in sizes)
            {
                var size = $"{width}x{height}";
                await alice.Page.SetViewportSizeAsync(width, height);
                await alice.Page.EvaluateAsync("(t) => { localStorage.setItem('offline-theme', t); document.documentElement.dataset.theme = t; }", theme);
                await alice.BackToListAsync();
                await alice.ScreenshotAsync($"chat-list-{theme}-{size}");
                await alice.OpenChatAsync("Bob");
                await alice.ScreenshotAsync($"conversation-{theme}-{size}");
                await alice.Page.ClickAsync("#open-safety");
                await alice.Page.WaitForSelectorAsync("#safety-digits");
                Assert.Matches(SafetyDigits(), await alice.Page.InnerTextAsync("#safety-digits"));
                await alice.ScreenshotAsync($"safety-number-{theme}-{size}");
                await alice.BackToListAsync();
                await alice.Page.ClickAsync("#open-settings");
                await alice.Page.WaitForSelectorAsync($".theme-choice[data-theme-choice='{theme}'][aria-checked='true']");
                await alice.ScreenshotAsync($"settings-{theme}-{size}");
                await alice.BackToListAsync();
                await alice.Page.ClickAsync("#open-myid");
                await alice.ScreenshotAsync($"my-id-{theme}-{size}");
            }
        }

        foreach (var (width, height) in sizes)
        {
            await using var fresh = await WebUser.OpenAsync(browser, browser.Relay.AppUrl, new() { Width = width, Height = height });
            foreach (var theme in Themes)
            {
                await fresh.Page.EvaluateAsync("(t) => { document.documentElement.dataset.theme = t; }", theme);
                await fresh.ScreenshotAsync($"onboarding-{theme}-{width}x{height}");
            }
        }

        // Swipe right → Read: the unread count goes, and Carol's message shows as read on her side.
        await alice.BackToListAsync();
        await alice.SwipeAsync("Carol", 120);
        await alice.Page.ClickAsync(".chat-row[data-name='Carol'] .action.read");
        await alice.Page.WaitForSelectorAsync(".chat-row[data-name='Carol']:not(:has(.unread))");
        await carol.Page.WaitForSelectorAsync(".bubble.out .ticks[data-state='read']", new() { Timeout = 60_000 });

        // The theme switch itself, through Settings.
        await alice.BackToListAsync();
        await alice.Page.ClickAsync("#open-settings");
        await alice.Page.ClickAsync(".theme-choice[data-theme-choice='light']");
        Assert.Equal("light", await alice.Page.EvaluateAsync<string>("() => document.documentElement.dataset.theme"));
        await alice.Page.ReloadAsync();
        Assert.Equal("light", await alice.Page.EvaluateAsync<string>("() => document.documentElement.dataset.theme"));
        Assert.Empty(browser.ForeignRequests);
    }

    [GeneratedRegex(@"script-src 'sha256-[A-Za-z0-9+/=]{44}'")]
    private static partial Regex ScriptHash();

    [GeneratedRegex(@"^\s*(\d{5}\s+){5}\d{5}\s*$")]
    private static partial Regex SafetyDigits();
}
