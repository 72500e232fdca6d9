using System.Text.Json;
using System.Text.Json.Nodes;

namespace Offline.Protocol.Tests.Vectors;

/// <summary>
/// Reads and writes tests/vectors/*.json. Each file is {"description", "inputs", "expected"}.
/// Tests recompute "expected" from "inputs"; with OFFLINE_WRITE_VECTORS=1 they write it instead
/// (new inputs are made from fixed seeds; ECDSA signatures are the only bytes that differ per run).
/// </summary>
internal static class VectorFile
{
    public static bool Writing => Environment.GetEnvironmentVariable("OFFLINE_WRITE_VECTORS") == "1";

    public static string Directory { get; } = typeof(VectorFile).Assembly
        .GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), false)
        .Cast<System.Reflection.AssemblyMetadataAttribute>()
        .Single(a => a.Key == "VectorsDirectory").Value!;

    public static JsonObject Load(string name) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(Directory, name)))!.AsObject();

    public static void Save(string name, string description, JsonObject inputs, JsonObject expected)
    {
        var file = new JsonObject { ["description"] = description, ["inputs"] = inputs, ["expected"] = expected };
        File.WriteAllText(Path.Combine(Directory, name), file.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n");
    }

    /// <summary>Runs one vector: in write mode makes inputs and saves; otherwise compares.</summary>
    public static void Check(string name, string description, Func<JsonObject> newInputs, Func<JsonObject, JsonObject> compute)
    {
        if (Writing)
        {
            var inputs = newInputs();
            Save(name, description, inputs, compute(inputs));
        }

        var file = Load(name);
        var expected = file["expected"]!.AsObject();
        var actual = compute(file["inputs"]!.AsObject());
        Assert.Equal(expected.ToJsonString(), actual.ToJsonString());
    }

    public static string Hex(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(bytes);

    public static byte[] Bytes(JsonNode? node) => Convert.FromHexString((string)node!);
}
