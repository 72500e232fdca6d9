using Microsoft.Playwright;

namespace Offline.Web.Tests.Browser;

/// <summary>
/// One person using the web app in their own browser context (own IndexedDB), driven through the UI
/// only: what a user can click, type and see. Reusable by any test that needs an onboarded browser user
/// on a relay (<see cref="OnboardedAsync"/>).
/// </summary>
public sealed class WebUser : IAsyncDisposable
{
    public const string Passphrase = "correct horse battery staple";
    private static readonly ViewportSize Phone = new() { Width = 390, Height = 844 };

    private WebUser(IBrowserContext context, IPage page, Uri appUrl)
    {
        Context = context;
        Page = page;
        AppUrl = appUrl;
    }

    public IBrowserContext Context { get; }

    public IPage Page { get; }

    public Uri AppUrl { get; }

    /// <summary>Errors thrown by the page's scripts (should stay empty).</summary>
    public List<string> PageErrors { get; } = [];

    /// <summary>A new browser user on <paramref name="appUrl"/>, at the onboarding screen.</summary>
    public static async Task<WebUser> OpenAsync(BrowserFixture browser, Uri appUrl, ViewportSize? viewport = null, bool serviceWorker = false)
    {
        var context = await browser.NewContextAsync(appUrl, viewport ?? Phone, serviceWorker);
        var page = await context.NewPageAsync();
        var user = new WebUser(context, page, appUrl);
        page.PageError += (_, message) => user.PageErrors.Add(message);
        await page.GotoAsync(appUrl.ToString());
        await page.WaitForSelectorAsync("#passphrase");
        return user;
    }

    /// <summary>A new user who generated an ID and is connected to the relay.</summary>
    public static async Task<WebUser> OnboardedAsync(BrowserFixture browser, Uri appUrl, ViewportSize? viewport = null, bool serviceWorker = false)
    {
        var user = await OpenAsync(browser, appUrl, viewport, serviceWorker);
        await user.Page.FillAsync("#passphrase", Passphrase);
        await user.Page.FillAsync("#passphrase-confirm", Passphrase);
        await user.Page.ClickAsync("#onboard-submit");
        await user.WaitOnlineAsync();
        return user;
    }

    public Task WaitOnlineAsync() => Page.WaitForSelectorAsync("#relay-status[data-status='online']", new() { Timeout = 60_000, State = Microsoft.Playwright.WaitForSelectorState.Attached });

    /// <summary>Own ID, as shown on the My ID screen.</summary>
    public async Task<string> IdAsync()
    {
        await BackToListAsync();
        await Page.ClickAsync("#open-myid");
        var id = (await Page.InnerTextAsync("#my-id")).Trim();
        await BackToListAsync();
        return id;
    }

    /// <summary>Back (as often as needed) until the chat list shows; on a wide screen it always does.</summary>
    public async Task BackToListAsync()
    {
        for (var i = 0; i < 3 && await Page.IsVisibleAsync(".detail .back"); i++)
        {
            await Page.ClickAsync(".detail .back");
        }
    }

    /// <summary>Adds a contact through the New chat screen; returns the error shown, or null when the chat opened.</summary>
    public async Task<string?> AddContactAsync(string idOrLink, string name)
    {
        await BackToListAsync();
        await Page.ClickAsync("#open-add");
        await Page.FillAsync("#add-id", idOrLink);
        await Page.FillAsync("#add-name", name);
        await Page.ClickAsync("#add-submit");
        var outcome = await Page.WaitForSelectorAsync(".conversation, #add-error", new() { Timeout = 60_000 });
        return await outcome!.GetAttributeAsync("id") == "add-error" ? await outcome.InnerTextAsync() : null;
    }

    public async Task OpenChatAsync(string name)
    {
        await BackToListAsync();
        await Page.ClickAsync($".chat-row[data-name='{name}'] .row-face");
        await Page.WaitForSelectorAsync(".conversation");
    }

    /// <summary>Types and sends; returns the bubble once the relay has it (✓).</summary>
    public async Task<IElementHandle> SendAsync(string text, bool waitSent = true)
    {
        await Page.FillAsync("#composer", text);
        await Page.PressAsync("#composer", "Enter");
        var state = waitSent ? ":not([data-state='queued'])" : string.Empty;
        return (await Page.WaitForSelectorAsync($".bubble.out:has(.text:text-is('{text}')):has(.ticks{state})", new() { Timeout = 60_000 }))!;
    }

    public async Task<IElementHandle> WaitForIncomingAsync(string text) =>
        (await Page.WaitForSelectorAsync($".bubble.in:has(.text:text-is('{text}'))", new() { Timeout = 60_000 }))!;

    /// <summary>The long press (a right click opens the same menu) on a message.</summary>
    public Task OpenMessageMenuAsync(string text) =>
        Page.ClickAsync($".bubble:has(.text:text-is('{text}'))", new() { Button = MouseButton.Right });

    /// <summary>A horizontal drag on a chat-list row with the pointer (what a finger does).</summary>
    public async Task SwipeAsync(string name, int dx)
    {
        var box = (await (await Page.QuerySelectorAsync($".chat-row[data-name='{name}']"))!.BoundingBoxAsync())!;
        var y = box.Y + (box.Height / 2);
        var x = box.X + (box.Width / 2);
        await Page.Mouse.MoveAsync(x, y);
        await Page.Mouse.DownAsync();
        await Page.Mouse.MoveAsync(x + dx, y, new() { Steps = 8 });
        await Page.Mouse.UpAsync();
        await Page.WaitForSelectorAsync($".chat-row[data-name='{name}'][data-swiped='{(dx > 0 ? "right" : "left")}']");
    }

    public async Task ScreenshotAsync(string name) =>
        await Page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotsDirectory, name + ".png") });

    public async ValueTask DisposeAsync() => await Context.CloseAsync();
}
