using System.Text.Json.Nodes;
using Offline.Web.Tests.Browser;

namespace Offline.Web.Tests.Protocol;

[Collection(BrowserCollection.Name)]
public sealed class PrekeySetTests(BrowserFixture browser)
{
    /// <summary>Signature bytes differ per run (random ECDSA nonces); the test blanks them on both sides.</summary>
    [Fact]
    public async Task Generate_FromVectorStreams_MatchesVectorExceptSignatures()
    {
        var vector = VectorInputs.Load("bundle.json");
        var inputs = new JsonObject
        {
            ["identity_seed_utf8"] = "offline-vector-bob",
            ["prekey_set_random_seed_utf8"] = vector["inputs"]!["prekey_set_random_seed_utf8"]!.DeepClone(),
        };
        var page = await browser.OpenAppAsync();
        try
        {
            var actual = await PageScript.RunAsync(page, "prekey_set_generation.js", inputs);
            Assert.Equal(Blank((string)vector["expected"]!["bundle"]!, 0), (string)actual["bundle"]!);
            Assert.Equal(Blank((string)vector["inputs"]!["prekey_set"]!, 5), (string)actual["prekey_set"]!);
        }
        finally
        {
            await page.CloseAsync();
        }
    }

    private static string Blank(string hex, int offset)
    {
        var bytes = Convert.FromHexString(hex);
        foreach (var at in new[] { 1 + 131 + 4 + 65, 1 + 131 + 133 + 4 + 1184, 1 + 131 + 133 + 1252 + 2 + 4 + 65, 1 + 131 + 133 + 1252 + 2 + 133 + 4 + 65 })
        {
            bytes.AsSpan(offset + at, 64).Clear();
        }

        return Convert.ToHexStringLower(bytes);
    }
}
