using System.Text.Json.Nodes;

namespace Offline.Protocol.Tests.Primitives.Wycheproof;

/// <summary>One Wycheproof test case with the group it belongs to (which holds shared inputs such as a public key).</summary>
internal sealed record WycheproofCase(int TcId, string Result, IReadOnlyList<string> Flags, JsonObject Group, JsonObject Test)
{
    public const string Valid = "valid";
    public const string Invalid = "invalid";
    public const string Acceptable = "acceptable";

    public byte[] Bytes(string field) => Convert.FromHexString((string)Test[field]!);

    public int Int(string field) => (int)Test[field]!;
}
