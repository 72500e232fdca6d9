using Offline.Web.Tests.Browser;

namespace Offline.Web.Tests.App;

/// <summary>Two browser users talk through the real relay, using nothing but the UI.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ConversationTests(BrowserFixture browser)
{
    [Fact]
    public async Task TwoBrowserUsers_ThroughRealRelay_ConverseWithEveryFeature()
    {
        await using var alice = await WebUser.OnboardedAsync(browser, browser.Relay.FastAppUrl);
        await using var bob = await WebUser.OnboardedAsync(browser, browser.Relay.FastAppUrl);
        var bobId = await bob.IdAsync();

        // First contact: Alice adds Bob by his share link; her first message carries a proof-of-work stamp.
        Assert.Null(await alice.AddContactAsync($"{browser.Relay.Origin}app#add={bobId}", "Bob"));
        await alice.SendAsync("Hi Bob, Alice here");

        // Bob sees an unread count, opens the chat (a contact request), names her, and answers.
        await bob.Page.WaitForSelectorAsync(".chat-row .unread:text-is('1')", new() { Timeout = 60_000 });
        await bob.Page.ClickAsync(".chat-row .row-face");
        await bob.WaitForIncomingAsync("Hi Bob, Alice here");
        await bob.Page.FillAsync("#accept-name", "Alice");
        await bob.Page.ClickAsync("#accept-contact");
        await bob.Page.WaitForSelectorAsync("#chat-title:has-text('Alice')");
        await bob.SendAsync("Hello Alice");

        // Read receipt: Bob opened the chat, so Alice's message shows ✓✓.
        await alice.WaitForIncomingAsync("Hello Alice");
        await alice.Page.WaitForSelectorAsync(".bubble.out:has(.text:text-is('Hi Bob, Alice here')) .ticks[data-state='read']", new() { Timeout = 60_000 });

        // Typing indicator: Alice types without sending; Bob sees it.
        await alice.Page.FillAsync("#composer", "thinking");
        await alice.Page.DispatchEventAsync("#composer", "input");
        await bob.Page.WaitForSelectorAsync("#typing", new() { Timeout = 60_000 });
        await alice.Page.FillAsync("#composer", string.Empty);

        // Reply with a preview: Bob long-presses Alice's message and replies.
        await bob.OpenMessageMenuAsync("Hi Bob, Alice here");
        await bob.Page.ClickAsync("#menu-reply");
        Assert.Contains("Hi Bob", await bob.Page.InnerTextAsync("#reply-bar"), StringComparison.Ordinal);
        await bob.SendAsync("Replying to you");
        var reply = await alice.WaitForIncomingAsync("Replying to you");
        Assert.Contains("Hi Bob, Alice here", await (await reply.QuerySelectorAsync(".reply-preview"))!.InnerTextAsync(), StringComparison.Ordinal);

        // Reaction: Alice long-presses Bob's message and picks 👍; both sides show it.
        await alice.OpenMessageMenuAsync("Hello Alice");
        await alice.Page.ClickAsync(".react[data-emoji='👍']");
        await alice.Page.WaitForSelectorAsync(".bubble.in:has(.text:text-is('Hello Alice')) .reaction[data-who='me']:text-is('👍')");
        await bob.Page.WaitForSelectorAsync(".bubble.out:has(.text:text-is('Hello Alice')) .reaction[data-who='them']:text-is('👍')", new() { Timeout = 60_000 });

        // In-chat search highlights matches.
        await alice.Page.ClickAsync("#toggle-search");
        await alice.Page.FillAsync("#search", "alice");
        await alice.Page.WaitForSelectorAsync("#search-count:text-is('2 matches')");
        var marks = await alice.Page.Locator(".bubble mark").AllInnerTextsAsync();
        Assert.Equal(2, marks.Count);
        Assert.All(marks, m => Assert.Equal("alice", m, ignoreCase: true));
        await alice.ScreenshotAsync("conversation-search-390x844");
        await alice.Page.ClickAsync("#toggle-search");

        // Delete for everyone: Alice's message disappears on Bob's side.
        await alice.SendAsync("oops, wrong chat");
        await bob.WaitForIncomingAsync("oops, wrong chat");
        await alice.OpenMessageMenuAsync("oops, wrong chat");
        await alice.Page.ClickAsync("#menu-delete-all");
        await bob.Page.WaitForSelectorAsync(".bubble.in[data-deleted]", new() { Timeout = 60_000 });
        Assert.Equal(0, await bob.Page.Locator(".bubble:has-text('oops, wrong chat')").CountAsync());

        // Swipe right on the chat list: pin; swipe left: mute.
        await alice.BackToListAsync();
        await alice.SwipeAsync("Bob", 120);
        await alice.Page.ClickAsync(".chat-row[data-name='Bob'] .action.pin");
        await alice.Page.WaitForSelectorAsync(".chat-row[data-name='Bob'] .badge-pin");
        await alice.SwipeAsync("Bob", -120);
        await alice.Page.ClickAsync(".chat-row[data-name='Bob'] .action.mute");
        await alice.Page.WaitForSelectorAsync(".chat-row[data-name='Bob'] .badge-mute");

        // Two-sided delete: Alice deletes the chat for both; on Bob's device the whole chat goes, his own messages too.
        await alice.SwipeAsync("Bob", -120);
        await alice.Page.ClickAsync(".chat-row[data-name='Bob'] .action.delete");
        await alice.Page.ClickAsync("#delete-both");
        await alice.Page.WaitForSelectorAsync(".chat-list .empty");
        await bob.Page.WaitForFunctionAsync("() => document.querySelectorAll('.bubble').length === 0", null, new() { Timeout = 60_000 });

        Assert.Empty(alice.PageErrors);
        Assert.Empty(bob.PageErrors);
        Assert.Empty(browser.ForeignRequests);
    }
}
