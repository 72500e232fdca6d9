using System.Text.Json.Nodes;

namespace Offline.Web.Tests.Browser;

/// <summary>Reads parts of tests/vectors/*.json for tests that start from the vectors' keys and conversation.</summary>
internal static class VectorInputs
{
    public static JsonObject Load(string file) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(BrowserFixture.VectorsDirectory, file)))!.AsObject();

    /// <summary>The inputs of handshake.json: both identities, Bob's prekey set, both random streams, the first text.</summary>
    public static JsonNode Conversation() => Load("handshake.json")["inputs"]!.DeepClone();
}
