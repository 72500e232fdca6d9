using System.Text.Json.Nodes;
using Microsoft.Playwright;

namespace Offline.Web.Tests.Browser;

/// <summary>
/// Runs one of Scripts/*.js in the page. Each script is an async function expression taking the JSON
/// inputs and returning a JSON-able result; Scripts/prelude.js (helpers and the vector conversation) is
/// in scope. Values cross the boundary as JSON text, bytes as lowercase hex.
/// </summary>
internal static class PageScript
{
    public static async Task<JsonNode> RunAsync(IPage page, string scriptName, JsonNode? inputs)
    {
        var prelude = await File.ReadAllTextAsync(Path.Combine(BrowserFixture.ScriptsDirectory, "prelude.js"));
        var script = await File.ReadAllTextAsync(Path.Combine(BrowserFixture.ScriptsDirectory, scriptName));
        return await EvaluateAsync(page, prelude, script, inputs);
    }

    /// <summary>Runs an inline script (same contract as the files) with the prelude in scope.</summary>
    public static async Task<JsonNode> RunInlineAsync(IPage page, string script, JsonNode? inputs = null)
    {
        var prelude = await File.ReadAllTextAsync(Path.Combine(BrowserFixture.ScriptsDirectory, "prelude.js"));
        return await EvaluateAsync(page, prelude, script, inputs);
    }

    private static async Task<JsonNode> EvaluateAsync(IPage page, string prelude, string script, JsonNode? inputs)
    {
        var wrapper = $"async (json) => {{\n{prelude}\nconst run = {script.Trim()};\nreturn JSON.stringify(await run(JSON.parse(json)));\n}}";
        var json = await page.EvaluateAsync<string>(wrapper, (inputs ?? new JsonObject()).ToJsonString());
        return JsonNode.Parse(json)!;
    }
}
