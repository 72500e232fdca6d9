using System.Text.Json.Nodes;
using Offline.Web.Tests.Browser;

namespace Offline.Web.Tests.Vectors;

/// <summary>
/// Every file in tests/vectors reproduced byte for byte by web/app.html inside Chromium: the page gets the
/// file's inputs, computes with window.Offline, and its output must equal the file's expected part exactly.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class KnownAnswerTests(BrowserFixture browser)
{
    public static TheoryData<string> VectorFiles => new(Directory.GetFiles(BrowserFixture.VectorsDirectory, "*.json").Select(Path.GetFileName).Order()!);

    [Theory]
    [MemberData(nameof(VectorFiles))]
    public async Task VectorFile_ComputedInBrowser_MatchesExpected(string file)
    {
        var vector = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(BrowserFixture.VectorsDirectory, file)))!;
        var script = Path.ChangeExtension(file, ".js");
        Assert.True(File.Exists(Path.Combine(BrowserFixture.ScriptsDirectory, script)), $"No browser script for the vector file {file}: add Scripts/{script}.");

        var page = await browser.OpenAppAsync();
        try
        {
            var actual = await PageScript.RunAsync(page, script, vector["inputs"]);
            var expected = vector["expected"]!;
            Assert.True(JsonNode.DeepEquals(expected, actual), $"{file}: the browser computed\n{actual.ToJsonString()}\nbut the vector expects\n{expected.ToJsonString()}");
        }
        finally
        {
            await page.CloseAsync();
        }

        Assert.Empty(browser.ForeignRequests);
    }
}
