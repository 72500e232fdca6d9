using Offline.Web.Tests.Browser;

namespace Offline.Web.Tests.App;

/// <summary>Malformed IDs, a wrong passphrase, a relay that is down, a contact whose keys changed: each is said clearly and loses nothing.</summary>
[Collection(BrowserCollection.Name)]
public sealed class BadInputTests(BrowserFixture browser)
{
    [Fact]
    public async Task WrongPassphrase_OnUnlock_SaysSoAndChangesNothing()
    {
        await using var user = await WebUser.OnboardedAsync(browser, browser.Relay.FastAppUrl);
        var id = await user.IdAsync();
        await user.Page.ReloadAsync();
        await user.Page.FillAsync("#passphrase", "not my passphrase");
        await user.Page.ClickAsync("#onboard-submit");
        var error = await user.Page.WaitForSelectorAsync("#onboard-error", new() { Timeout = 60_000 });
        Assert.Contains("Wrong passphrase", await error!.InnerTextAsync(), StringComparison.Ordinal);

        await user.Page.FillAsync("#passphrase", WebUser.Passphrase);
        await user.Page.ClickAsync("#onboard-submit");
        await user.WaitOnlineAsync();
        Assert.Equal(id, await user.IdAsync());
        Assert.Empty(user.PageErrors);
    }

    [Fact]
    public async Task MalformedIds_OnAdd_EachExplainedAndNothingAdded()
    {
        await using var user = await WebUser.OnboardedAsync(browser, browser.Relay.FastAppUrl);
        var id = await user.IdAsync();
        var typo = id[..^1] + (id[^1] == 'a' ? 'b' : 'a');
        var cases = new (string Input, string Expected)[]
        {
            ("hello", "starts with \"of1_\""),
            ("of1_abc", "too short or too long"),
            ("of1_0OIl0OIl0OIl0OIl0OIl0OIl0OIl", "character"),
            (typo, "typo"),
            ("https://relay.example/app#add=" + typo, "typo"),
            (id, "your own ID"),
        };
        foreach (var (input, expected) in cases)
        {
            var error = await user.AddContactAsync(input, "Someone");
            Assert.NotNull(error);
            Assert.Contains(expected, error, StringComparison.Ordinal);
        }

        await user.BackToListAsync();
        Assert.Equal(0, await user.Page.Locator(".chat-row").CountAsync());
        Assert.Empty(user.PageErrors);
    }

    [Fact]
    public async Task RelayDown_MessageSent_WaitsInOutboxAndArrivesLater()
    {
        await using var relay = await RelayServer.StartAsync();
        await using var alice = await WebUser.OnboardedAsync(browser, relay.FastAppUrl, serviceWorker: true);
        await using var bob = await WebUser.OnboardedAsync(browser, relay.FastAppUrl);
        Assert.Null(await alice.AddContactAsync(await bob.IdAsync(), "Bob"));
        await alice.SendAsync("before the outage");
        await alice.Page.WaitForFunctionAsync("() => navigator.serviceWorker.controller !== null");
        await bob.Page.WaitForSelectorAsync(".chat-row .unread", new() { Timeout = 60_000 });
        await bob.Page.ClickAsync(".chat-row .row-face");
        await bob.SendAsync("got it");
        await alice.WaitForIncomingAsync("got it");

        relay.Stop();
        await alice.Page.WaitForSelectorAsync("#relay-status[data-status='offline'], #relay-status[data-status='connecting']", new() { State = Microsoft.Playwright.WaitForSelectorState.Attached });
        await alice.SendAsync("sent while the relay is down", waitSent: false);
        await alice.Page.WaitForSelectorAsync(".bubble.out:has(.text:text-is('sent while the relay is down')) .ticks[data-state='queued']");
        await alice.BackToListAsync();
        Assert.Equal("1 message queued", await alice.Page.InnerTextAsync("#outbox-count"));
        await alice.ScreenshotAsync("relay-down-390x844");

        // The message is in the encrypted store: even a reload (the shell comes from the service worker) before the relay returns loses nothing.
        await alice.Page.ReloadAsync();
        await alice.Page.FillAsync("#passphrase", WebUser.Passphrase);
        await alice.Page.ClickAsync("#onboard-submit");
        await alice.Page.WaitForSelectorAsync("#outbox-count");

        await relay.StartAgainAsync();
        await bob.WaitForIncomingAsync("sent while the relay is down");
        await alice.OpenChatAsync("Bob");
        await alice.Page.WaitForSelectorAsync(".bubble.out:has(.text:text-is('sent while the relay is down')) .ticks:not([data-state='queued'])", new() { Timeout = 60_000 });
        Assert.Empty(browser.ForeignRequests);
    }

    [Fact]
    public async Task ContactKeysChanged_SameNameNewId_WarnsUntilVerified()
    {
        await using var alice = await WebUser.OnboardedAsync(browser, browser.Relay.FastAppUrl);
        await using var bob = await WebUser.OnboardedAsync(browser, browser.Relay.FastAppUrl);
        Assert.Null(await alice.AddContactAsync(await bob.IdAsync(), "Bob"));
        await alice.SendAsync("first message");

        // "Bob" reinstalled (or someone else claims to be him): a new ID under the same name.
        await using var newBob = await WebUser.OnboardedAsync(browser, browser.Relay.FastAppUrl);
        Assert.Null(await alice.AddContactAsync(await newBob.IdAsync(), "Bob"));
        var warning = await alice.Page.WaitForSelectorAsync("#key-warning");
        Assert.Contains("keys changed", await warning!.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal(1, await alice.Page.Locator(".bubble:has-text('first message')").CountAsync());

        await alice.Page.ClickAsync("#open-safety");
        await alice.Page.WaitForSelectorAsync("#safety-warning");
        await alice.ScreenshotAsync("safety-number-key-changed-390x844");
        await alice.Page.ClickAsync("#mark-verified");
        await alice.Page.WaitForSelectorAsync("#safety-verified");
        Assert.Equal(0, await alice.Page.Locator("#safety-warning").CountAsync());
    }
}
