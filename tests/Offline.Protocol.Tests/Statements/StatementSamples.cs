using System.Text;
using Offline.Protocol.Primitives;
using Offline.Protocol.Statements;

namespace Offline.Protocol.Tests.Statements;

/// <summary>Fixed keys and small manifests for the statement tests, and a raw signer that signs bodies the writer never would.</summary>
internal static class StatementSamples
{
    public const string Commit = "0123456789abcdef0123456789abcdef01234567";

    public static P256SigningKey Key(string label) => P256SigningKey.Generate(DeterministicRandom.FromLabel(label));

    public static string Hash(char c) => new(c, 64);

    public static ReleaseManifest SmallManifest(P256SigningKey key) => new("0.2.0", Commit, key.PublicKey,
    [
        new ReleaseFile("web/app.html", 1234, Hash('a')),
        new ReleaseFile("cli/Offline.Cli.dll", 5, Hash('b')),
    ]);

    /// <summary>The manifest body a writer would produce, as text, for building variants.</summary>
    public static string Body(P256SigningKey key, params string[] fileLines) =>
        "offline-release v1\nversion 0.2.0\ncommit " + Commit + "\nkey " + Convert.ToBase64String(key.PublicKey.Encoded) + "\n"
        + string.Concat(fileLines.Select(l => l + "\n"));

    /// <summary>Signs any bytes as a statement of <paramref name="domain"/>, CRs and all: a valid signature over a body the parser must still refuse.</summary>
    public static byte[] SignRaw(string domain, string body, P256SigningKey key)
    {
        var bodyBytes = Encoding.UTF8.GetBytes(body);
        var signature = new byte[P256SigningKey.SignatureSize];
        key.Sign([.. Encoding.UTF8.GetBytes(domain), .. bodyBytes], signature);
        return [.. bodyBytes, .. Encoding.UTF8.GetBytes("signature " + Convert.ToBase64String(signature) + "\n")];
    }
}
