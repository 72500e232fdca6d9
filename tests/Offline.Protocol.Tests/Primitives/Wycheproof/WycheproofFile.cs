using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Offline.Protocol.Tests.Vectors;

namespace Offline.Protocol.Tests.Primitives.Wycheproof;

/// <summary>
/// Reads tests/vectors/wycheproof/*.json (testGroups[].tests[], each test with tcId, result and flags) and
/// gives xunit one row per tcId. A row holds only the tcId and the expected result, both serializable, so
/// every case is a test of its own and a failure names it; the test then looks the case up by tcId.
/// </summary>
internal static class WycheproofFile
{
    private static readonly ConcurrentDictionary<string, IReadOnlyList<WycheproofCase>> Files = new();

    public static IReadOnlyList<WycheproofCase> Load(string name) => Files.GetOrAdd(name, Read);

    /// <summary>The rows of every case in the groups <paramref name="inScope"/> keeps.</summary>
    public static TheoryData<int, string> Rows(string name, Func<JsonObject, bool> inScope)
    {
        var rows = new TheoryData<int, string>();
        foreach (var test in Load(name).Where(test => inScope(test.Group)))
        {
            rows.Add(test.TcId, test.Result);
        }

        return rows;
    }

    public static WycheproofCase Case(string name, int tcId) => Load(name).Single(test => test.TcId == tcId);

    /// <summary>
    /// Pins how many cases of each result are in scope, so that a narrowed filter or a replaced file cannot
    /// silently drop cases; tests/vectors/wycheproof/README.md lists the same numbers.
    /// </summary>
    public static void AssertCounts(string name, Func<JsonObject, bool> inScope, int valid, int invalid, int acceptable)
    {
        var selected = Load(name).Where(test => inScope(test.Group)).ToList();
        Assert.Equal(valid, selected.Count(test => test.Result == WycheproofCase.Valid));
        Assert.Equal(invalid, selected.Count(test => test.Result == WycheproofCase.Invalid));
        Assert.Equal(acceptable, selected.Count(test => test.Result == WycheproofCase.Acceptable));
        Assert.Equal(selected.Count, valid + invalid + acceptable);
    }

    private static IReadOnlyList<WycheproofCase> Read(string name)
    {
        var file = JsonNode.Parse(File.ReadAllText(Path.Combine(VectorFile.Directory, "wycheproof", name)))!.AsObject();
        var cases = new List<WycheproofCase>();
        foreach (var group in file["testGroups"]!.AsArray().Select(node => node!.AsObject()))
        {
            foreach (var test in group["tests"]!.AsArray().Select(node => node!.AsObject()))
            {
                // The ML-KEM key-generation file gives its cases no flags.
                var flags = test["flags"]?.AsArray().Select(flag => (string)flag!).ToList() ?? [];
                cases.Add(new WycheproofCase((int)test["tcId"]!, (string)test["result"]!, flags, group, test));
            }
        }

        Assert.Equal((int)file["numberOfTests"]!, cases.Count);
        return cases;
    }
}
