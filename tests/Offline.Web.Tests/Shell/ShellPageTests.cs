using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Offline.Web.Tests.Browser;

namespace Offline.Web.Tests.Shell;

/// <summary>The page itself: honest about what it does, self-contained, and exposing only window.Offline.</summary>
[Collection(BrowserCollection.Name)]
public sealed partial class ShellPageTests(BrowserFixture browser)
{
    [Fact]
    public async Task Page_Loaded_ShowsOnboardingWithoutInlineHandlers()
    {
        var page = await browser.OpenAppAsync();
        try
        {
            Assert.Equal("Offline", await page.TitleAsync());
            await page.WaitForSelectorAsync("#onboard-submit:text-is('Generate my ID')");
            Assert.Equal("terminal", await page.EvaluateAsync<string>("() => document.documentElement.dataset.theme"));
            var handlers = await page.EvaluateAsync<int>("() => [...document.querySelectorAll('*')].flatMap((e) => [...e.attributes]).filter((a) => a.name.startsWith('on')).length");
            Assert.Equal(0, handlers);
        }
        finally
        {
            await page.CloseAsync();
        }

        Assert.Empty(browser.ForeignRequests);
    }

    [Fact]
    public async Task Page_Loaded_AddsOnlyOfflineToWindow()
    {
        var blank = await browser.OpenBlankAsync();
        var page = await browser.OpenAppAsync();
        try
        {
            var before = await blank.EvaluateAsync<string[]>("() => Object.getOwnPropertyNames(window)");
            var after = await page.EvaluateAsync<string[]>("() => Object.getOwnPropertyNames(window)");
            Assert.Equal(["Offline"], after.Except(before).ToArray());
        }
        finally
        {
            await page.CloseAsync();
            await blank.CloseAsync();
        }
    }

    [Fact]
    public void AppHtml_Source_LoadsNothingAndHasNoInlineHandlers()
    {
        var html = File.ReadAllText(BrowserFixture.WebAppPath);
        var markup = html[..html.IndexOf("<script>", StringComparison.Ordinal)] + html[html.LastIndexOf("</script>", StringComparison.Ordinal)..];
        Assert.DoesNotMatch(InlineHandler(), markup);
        foreach (var forbidden in new[] { " src=", "@import", "url(", "<iframe", "<img", "//cdn", "http://", "https://" })
        {
            Assert.DoesNotContain(forbidden, html.Replace("http://www.w3.org/2000/svg", string.Empty, StringComparison.Ordinal).Replace("(https://paulmillr.com)", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
        }

        // The only links are the PWA's own files, relative to /app.
        Assert.All(LinkHref().Matches(html), m => Assert.Contains(m.Groups[1].Value, new[] { "manifest.webmanifest", "icon.svg" }));

        Assert.Contains("'use strict';", html, StringComparison.Ordinal);
    }

    [Fact]
    public void VendoredCode_Bytes_MatchPinnedSha256()
    {
        var html = File.ReadAllText(BrowserFixture.WebAppPath);
        const string begin = "// ---- VENDORED CODE ----\n";
        const string end = "// ---- VENDORED END ----";
        var start = html.IndexOf(begin, StringComparison.Ordinal) + begin.Length;
        var stop = html.IndexOf(end, start, StringComparison.Ordinal);
        Assert.True(start > begin.Length && stop > start, "app.html has one vendored block between the markers.");
        var actual = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(html[start..stop])));

        var pinned = PinnedHash().Match(html);
        Assert.True(pinned.Success, "app.html names the vendored block's SHA-256.");
        Assert.Equal(pinned.Groups[1].Value, actual);
        var docs = File.ReadAllText(Path.Combine(Path.GetDirectoryName(BrowserFixture.WebAppPath)!, "..", "docs", "VENDORED.md"));
        Assert.Contains(actual, docs, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"\son[a-z]+\s*=", RegexOptions.IgnoreCase)]
    private static partial Regex InlineHandler();

    [GeneratedRegex(@"<link [^>]*href=""([^""]*)""")]
    private static partial Regex LinkHref();

    [GeneratedRegex(@"vendored-sha256: ([0-9a-f]{64})")]
    private static partial Regex PinnedHash();
}
