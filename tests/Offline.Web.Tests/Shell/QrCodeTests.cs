using System.Text.Json.Nodes;
using Offline.Web.Tests.Browser;

namespace Offline.Web.Tests.Shell;

/// <summary>The app's own QR encoder draws exactly the matrices that a real decoder (zbar) read back to their text.</summary>
[Collection(BrowserCollection.Name)]
public sealed class QrCodeTests(BrowserFixture browser)
{
    [Fact]
    public async Task QrCode_Encode_MatchesDecodedGoldenMatrices()
    {
        var golden = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Shell", "qr_golden.json")))!;
        var page = await browser.OpenAppAsync();
        try
        {
            foreach (var item in golden["cases"]!.AsArray())
            {
                var rows = await page.EvaluateAsync<string[]>("(t) => Offline.App.QrCode.encode(t).map((r) => r.map((d) => (d ? '1' : '0')).join(''))", item!["text"]!.GetValue<string>());
                Assert.Equal(item["rows"]!.AsArray().Select(r => r!.GetValue<string>()).ToArray(), rows);
            }
        }
        finally
        {
            await page.CloseAsync();
        }
    }
}
