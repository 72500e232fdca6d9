using Offline.EndToEnd.Tests.Infrastructure;
using Offline.Web.Tests.Browser;

namespace Offline.Web.Tests.Interop;

/// <summary>A browser user and a terminal user (the real `offline` CLI) talk through the same real relay.</summary>
[Collection(BrowserCollection.Name)]
public sealed class BrowserCliTests(BrowserFixture browser) : IDisposable
{
    private readonly string home = Path.Combine(Path.GetTempPath(), "offline-web-cli-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task BrowserAndCli_ConverseBothWays_WithRepliesReactionsReceiptsTypingAndChatDelete()
    {
        await using var web = await WebUser.OnboardedAsync(browser, browser.Relay.AppUrl);
        var webId = await web.IdAsync();
        var cli = new CliUser(home, () => browser.Relay.WebSocketUrl);
        await cli.GenerateIdAsync();

        // The terminal writes first (first contact: the browser's introduction mailbox, with a stamp).
        await cli.RunOkAsync("add", webId, "--name", "web");
        var first = (string)(await cli.RunOkAsync("send", "web", "hello from the terminal", "--json")).EventsOf("sent").Single()["id"]!;

        // The browser sees a contact request, names it, and answers; opening the chat sends a read receipt.
        await web.Page.WaitForSelectorAsync(".chat-row .unread:text-is('1')", new() { Timeout = 60_000 });
        await web.Page.ClickAsync(".chat-row .row-face");
        await web.WaitForIncomingAsync("hello from the terminal");
        await web.Page.FillAsync("#accept-name", "Terminal");
        await web.Page.ClickAsync("#accept-contact");
        await web.Page.WaitForSelectorAsync("#chat-title:has-text('Terminal')");

        // Typing, then a reply to the terminal's message and a reaction on it.
        await web.Page.FillAsync("#composer", "typing…");
        await web.Page.DispatchEventAsync("#composer", "input");
        await web.OpenMessageMenuAsync("hello from the terminal");
        await web.Page.ClickAsync("#menu-reply");
        await web.Page.FillAsync("#composer", string.Empty);
        await web.SendAsync("hello from the browser");
        await web.OpenMessageMenuAsync("hello from the terminal");
        await web.Page.ClickAsync(".react[data-emoji='👍']");
        await web.Page.WaitForSelectorAsync(".bubble.in:has(.text:text-is('hello from the terminal')) .reaction[data-who='me']", new() { Timeout = 60_000 });

        // The terminal receives all of it.
        var inbox = await cli.ReceiveUntilAsync(r => r.EventsOf("reaction").Count > 0 && r.EventsOf("message").Count > 0 && r.EventsOf("typing").Count > 0);
        var fromBrowser = inbox.EventsOf("message").Single(m => (string?)m["text"] == "hello from the browser");
        Assert.Equal(first, (string?)fromBrowser["reply_to"]);
        Assert.Contains(first, inbox.EventsOf("read").SelectMany(e => e["targets"]!.AsArray()).Select(t => (string?)t));
        Assert.Equal("👍", (string?)inbox.EventsOf("reaction").Single()["emoji"]);
        Assert.Contains(inbox.EventsOf("typing"), e => (bool)e["typing"]!);

        // And the other way: the terminal replies to the browser's message and reacts to it; the browser shows both and the ✓✓.
        var browserMessage = (string)fromBrowser["id"]!;
        await cli.RunOkAsync("reply", "web", browserMessage[..8], "reply from the terminal");
        await cli.RunOkAsync("react", "web", browserMessage[..8], "🔥");
        var reply = await web.WaitForIncomingAsync("reply from the terminal");
        Assert.Contains("hello from the browser", await (await reply.QuerySelectorAsync(".reply-preview"))!.InnerTextAsync(), StringComparison.Ordinal);
        await web.Page.WaitForSelectorAsync(".bubble.out:has(.text:text-is('hello from the browser')) .reaction[data-who='them']:text-is('🔥')", new() { Timeout = 60_000 });
        await web.Page.WaitForSelectorAsync(".bubble.out:has(.text:text-is('hello from the browser')) .ticks[data-state='read']", new() { Timeout = 60_000 });

        // Two-sided delete from the browser: the terminal's copy of the chat goes too.
        await web.BackToListAsync();
        await web.SwipeAsync("Terminal", -120);
        await web.Page.ClickAsync(".chat-row[data-name='Terminal'] .action.delete");
        await web.Page.ClickAsync("#delete-both");
        await web.Page.WaitForSelectorAsync(".chat-list .empty");
        Assert.NotEmpty((await cli.ReceiveUntilAsync(r => r.EventsOf("chat_deleted").Count > 0)).EventsOf("chat_deleted"));
        Assert.Empty((await cli.RunOkAsync("history", "web", "--json")).EventsOf("message"));
        Assert.Empty(web.PageErrors);
        Assert.Empty(browser.ForeignRequests);
    }

    public void Dispose()
    {
        if (Directory.Exists(home))
        {
            Directory.Delete(home, recursive: true);
        }
    }
}
