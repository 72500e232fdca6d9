using System.Text;
using System.Text.Json.Nodes;
using Offline.Protocol.Primitives;
using Offline.Protocol.Statements;
using Offline.Web.Tests.Browser;

namespace Offline.Web.Tests.App;

/// <summary>
/// The web app's parsers of release manifests and canaries against the C# reference, on the same bytes:
/// well-formed statements and hostile variants (CRLF, a BOM, non-canonical Base64, unsorted or repeated
/// files, hostile paths, bad dates, extra lines) must get the same verdict in both.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class StatementParserTests(BrowserFixture browser)
{
    [Fact]
    public async Task WebParsers_HostileStatements_AgreeWithReference()
    {
        using var release = P256SigningKey.Generate(SystemRandom.Instance);
        using var other = P256SigningKey.Generate(SystemRandom.Instance);
        using var canaryKey = P256SigningKey.Generate(SystemRandom.Instance);
        var manifest = Encoding.UTF8.GetString(SecurityRelay.Manifest(release, new string('c', 64)));
        var body = manifest[..(manifest.LastIndexOf("signature ", StringComparison.Ordinal))];
        string Resign(string newBody) => Encoding.UTF8.GetString(SignedStatement.Sign(ReleaseManifest.Domain, newBody, release));
        var keyText = Convert.ToBase64String(release.PublicKey.Encoded);
        var manifests = new (string Name, byte[] Bytes)[]
        {
            ("valid", Encoding.UTF8.GetBytes(manifest)),
            ("signed by another key", SecurityRelay.Manifest(other, new string('c', 64))),
            ("CRLF line ends", Encoding.UTF8.GetBytes(manifest.Replace("\n", "\r\n", StringComparison.Ordinal))),
            ("BOM first", [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(manifest)]),
            ("no final LF", Encoding.UTF8.GetBytes(manifest.TrimEnd('\n'))),
            ("invalid UTF-8", [.. Encoding.UTF8.GetBytes(body), 0xC3, 0x28, (byte)'\n', .. Encoding.UTF8.GetBytes(manifest[body.Length..])]),
            ("signature unpadded", Encoding.UTF8.GetBytes(manifest.Replace("==\n", "\n", StringComparison.Ordinal))),
            ("signature with a space", Encoding.UTF8.GetBytes(manifest.Insert(body.Length + "signature ".Length + 4, " "))),
            ("only a signature line", Encoding.UTF8.GetBytes(manifest[body.Length..])),
            ("empty", []),
            ("a single LF", [(byte)'\n']),
            ("files unsorted", Encoding.UTF8.GetBytes(Resign(SwapFileLines(body)))),
            ("file repeated", Encoding.UTF8.GetBytes(Resign(body + body.Split('\n')[^2] + "\n"))),
            ("path with ..", Encoding.UTF8.GetBytes(Resign(body.Replace("web/app.html", "web/../app.html", StringComparison.Ordinal)))),
            ("absolute path", Encoding.UTF8.GetBytes(Resign(body.Replace("web/app.html", "/web/app.html", StringComparison.Ordinal)))),
            ("size with a plus", Encoding.UTF8.GetBytes(Resign(body.Replace(" 300000 ", " +300000 ", StringComparison.Ordinal)))),
            ("size with a leading zero", Encoding.UTF8.GetBytes(Resign(body.Replace(" 300000 ", " 0300000 ", StringComparison.Ordinal)))),
            ("uppercase hash", Encoding.UTF8.GetBytes(Resign(body.Replace(new string('c', 64), new string('C', 64), StringComparison.Ordinal)))),
            ("uppercase commit", Encoding.UTF8.GetBytes(Resign(body.Replace(new string('a', 40), new string('A', 40), StringComparison.Ordinal)))),
            ("short commit", Encoding.UTF8.GetBytes(Resign(body.Replace(new string('a', 40), new string('a', 39), StringComparison.Ordinal)))),
            ("version with a space", Encoding.UTF8.GetBytes(Resign(body.Replace("version 0.9.0", "version 0.9 0", StringComparison.Ordinal)))),
            ("unknown header version", Encoding.UTF8.GetBytes(Resign(body.Replace("offline-release v1", "offline-release v2", StringComparison.Ordinal)))),
            ("key with a trailing space", Encoding.UTF8.GetBytes(Resign(body.Replace(keyText, keyText + " ", StringComparison.Ordinal)))),
            ("trailing blank line", Encoding.UTF8.GetBytes(Resign(body + "\n"))),
            ("no files", Encoding.UTF8.GetBytes(Resign(string.Join('\n', body.Split('\n').Take(4)) + "\n"))),
        };

        var statement = "No secret orders.\n\tIndented, and ünïcode.";
        var canary = Encoding.UTF8.GetString(SecurityRelay.Canary(canaryKey, 3, 30, statement));
        var canaryBody = canary[..(canary.LastIndexOf("signature ", StringComparison.Ordinal))];
        string ResignCanary(string newBody) => Encoding.UTF8.GetString(SignedStatement.Sign(WarrantCanary.Domain, newBody, canaryKey));
        var issued = SecurityRelay.Today.AddDays(-3).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var canaries = new (string Name, byte[] Bytes)[]
        {
            ("valid", Encoding.UTF8.GetBytes(canary)),
            ("CRLF line ends", Encoding.UTF8.GetBytes(canary.Replace("\n", "\r\n", StringComparison.Ordinal))),
            ("signed as a release manifest", Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(SignedStatement.Sign(ReleaseManifest.Domain, canaryBody, canaryKey)))),
            ("flipped byte in the statement", SecurityRelay.Flipped(Encoding.UTF8.GetBytes(canary), canaryBody.Length - 5)),
            ("non-canonical signature Base64", NonCanonicalSignature(canary)),
            ("impossible date", Encoding.UTF8.GetBytes(ResignCanary(canaryBody.Replace("issued " + issued, "issued 2026-02-30", StringComparison.Ordinal)))),
            ("period 0", Encoding.UTF8.GetBytes(ResignCanary(canaryBody.Replace("period-days 30", "period-days 0", StringComparison.Ordinal)))),
            ("period 367", Encoding.UTF8.GetBytes(ResignCanary(canaryBody.Replace("period-days 30", "period-days 367", StringComparison.Ordinal)))),
            ("period with a leading zero", Encoding.UTF8.GetBytes(ResignCanary(canaryBody.Replace("period-days 30", "period-days 030", StringComparison.Ordinal)))),
            ("no statement text", Encoding.UTF8.GetBytes(ResignCanary(canaryBody[..(canaryBody.IndexOf("statement\n", StringComparison.Ordinal) + "statement\n".Length)]))),
            ("control character", Encoding.UTF8.GetBytes(ResignCanary(canaryBody.Replace("secret", "sec\u0007ret", StringComparison.Ordinal)))),
            ("a signature line inside", Encoding.UTF8.GetBytes(ResignCanary(canaryBody + "signature of the operator\n"))),
            ("trailing blank line", Encoding.UTF8.GetBytes(ResignCanary(canaryBody + "\n"))),
            ("too large", Encoding.UTF8.GetBytes(ResignCanary(canaryBody + new string('x', 4096) + "\n"))),
            ("unknown version", Encoding.UTF8.GetBytes(ResignCanary(canaryBody.Replace("offline-canary v1", "offline-canary v2", StringComparison.Ordinal)))),
        };

        var freshness = new[] { (0, 30, "fresh"), (29, 30, "fresh"), (30, 30, "expired"), (-1, 30, "fresh"), (-2, 30, "future") };
        var page = await browser.OpenAppAsync();
        try
        {
            var result = await PageScript.RunAsync(page, "App/statements.js", new JsonObject
            {
                ["trustedKey"] = Convert.ToHexStringLower(release.PublicKey.Encoded),
                ["manifests"] = Cases(manifests),
                ["canaries"] = Cases(canaries),
                ["freshness"] = new JsonArray([.. freshness.Select(f => (JsonNode)new JsonObject
                {
                    ["bytes"] = Convert.ToHexStringLower(SecurityRelay.Canary(canaryKey, f.Item1, f.Item2, statement)),
                    ["today"] = SecurityRelay.Today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                })]),
            });
            var manifestErrors = result["manifests"]!.AsArray();
            for (var i = 0; i < manifests.Length; i++)
            {
                var expected = ReleaseManifest.TryParse(manifests[i].Bytes, release.PublicKey, out _);
                Assert.True(expected.ToString() == manifestErrors[i]!["error"]!.GetValue<string>(), $"manifest {manifests[i].Name}: C# {expected}, web {manifestErrors[i]!["error"]}");
            }

            var canaryErrors = result["canaries"]!.AsArray();
            for (var i = 0; i < canaries.Length; i++)
            {
                var expected = WarrantCanary.TryParse(canaries[i].Bytes, out var parsed);
                Assert.True(expected.ToString() == canaryErrors[i]!["error"]!.GetValue<string>(), $"canary {canaries[i].Name}: C# {expected}, web {canaryErrors[i]!["error"]}");
                Assert.Equal(parsed?.Statement, canaryErrors[i]!["statement"]?.GetValue<string>());
            }

            // Not agreement by both failing everything: the valid ones pass, and the failures are of several kinds.
            Assert.Equal("None", manifestErrors[0]!["error"]!.GetValue<string>());
            Assert.Equal("None", canaryErrors[0]!["error"]!.GetValue<string>());
            Assert.Equal(
                ["BadSignature", "Malformed", "None", "TooLarge", "UnknownVersion", "UntrustedKey"],
                manifestErrors.Concat(canaryErrors).Select(n => n!["error"]!.GetValue<string>()).Distinct().Order(StringComparer.Ordinal));
            Assert.Equal(freshness.Select(f => f.Item3), result["statuses"]!.AsArray().Select(n => n!.GetValue<string>()));
            Assert.Equal(0x8B, result["canaryCell"]![0]!["op"]!.GetValue<int>());
            Assert.Equal("NoCanary", result["noCanary"]!.GetValue<string>());
            Assert.Equal(StatementKey.Fingerprint(release.PublicKey), result["fingerprint"]!.GetValue<string>());
        }
        finally
        {
            await page.CloseAsync();
        }
    }

    private static JsonArray Cases((string Name, byte[] Bytes)[] cases) =>
        new([.. cases.Select(c => (JsonNode)new JsonObject { ["name"] = c.Name, ["bytes"] = Convert.ToHexStringLower(c.Bytes) })]);

    /// <summary>The body with its first two file lines swapped (out of path order).</summary>
    private static string SwapFileLines(string body)
    {
        var lines = body.TrimEnd('\n').Split('\n');
        (lines[4], lines[5]) = (lines[5], lines[4]);
        return string.Join('\n', lines) + "\n";
    }

    /// <summary>The signature's last Base64 digit with a non-zero unused low bit: the same bytes, but not the canonical text.</summary>
    private static byte[] NonCanonicalSignature(string statement)
    {
        var at = statement.Length - 4; // "XY==\n": Y carries 2 significant bits and 4 unused ones
        const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        var digit = Alphabet.IndexOf(statement[at], StringComparison.Ordinal);
        return Encoding.UTF8.GetBytes(statement[..at] + Alphabet[digit | 1] + statement[(at + 1)..]);
    }
}
