using System.Text.Json.Nodes;
using Offline.Web.Tests.Browser;

namespace Offline.Web.Tests.Protocol;

[Collection(BrowserCollection.Name)]
public sealed class MlKem768Tests(BrowserFixture browser)
{
    /// <summary>
    /// The app uses the vendored ML-KEM (the protocol draws m itself, which Web Crypto cannot take); this
    /// shows the browser's own ML-KEM computes the same function, should production move to it.
    /// </summary>
    [Fact]
    public async Task Vendored_AgainstWebCryptoMlKem_AgreesBothWays()
    {
        var page = await browser.OpenAppAsync();
        try
        {
            var actual = await PageScript.RunAsync(page, "mlkem_webcrypto.js", null);
            var expected = new JsonObject { ["same_encapsulation_key"] = true, ["native_decapsulates_vendored"] = true, ["vendored_decapsulates_native"] = true };
            Assert.True(JsonNode.DeepEquals(expected, actual), actual.ToJsonString());
        }
        finally
        {
            await page.CloseAsync();
        }
    }
}
