using System.Text;
using Offline.Protocol.Statements;
using static Offline.Protocol.Tests.Statements.StatementSamples;

namespace Offline.Protocol.Tests.Statements;

public class ReleaseManifestTests
{
    [Fact]
    public void TryParse_SignedManifest_RoundTrips()
    {
        using var key = Key("release");
        var signed = SmallManifest(key).Sign(key);

        Assert.Equal(StatementError.None, ReleaseManifest.TryParse(signed, key.PublicKey, out var parsed));

        Assert.Equal("0.2.0", parsed!.Version);
        Assert.Equal(Commit, parsed.Commit);
        Assert.Equal(key.PublicKey, parsed.Key);
        Assert.Equal(["cli/Offline.Cli.dll", "web/app.html"], parsed.Files.Select(f => f.Path));
        Assert.Equal(new ReleaseFile("web/app.html", 1234, Hash('a')), parsed.Files[1]);
    }

    [Fact]
    public void Sign_SameManifest_WritesTheSameBody()
    {
        using var key = Key("release");
        var first = Encoding.UTF8.GetString(SmallManifest(key).Sign(key));
        var second = Encoding.UTF8.GetString(SmallManifest(key).Sign(key));

        // ECDSA signatures are randomized; everything before the signature line is the canonical body.
        Assert.Equal(first[..first.LastIndexOf("signature ", StringComparison.Ordinal)], second[..second.LastIndexOf("signature ", StringComparison.Ordinal)]);
        Assert.StartsWith(Body(key, $"file {Hash('b')} 5 cli/Offline.Cli.dll", $"file {Hash('a')} 1234 web/app.html"), first, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_AnySingleByteChanged_IsRejected()
    {
        using var key = Key("release");
        var signed = SmallManifest(key).Sign(key);
        var accepted = new List<string>();

        for (var i = 0; i < signed.Length; i++)
        {
            foreach (var flip in new byte[] { 0x01, 0x02, 0x20, 0x80 })
            {
                var changed = (byte[])signed.Clone();
                changed[i] ^= flip;
                if (ReleaseManifest.TryParse(changed, key.PublicKey, out _) == StatementError.None)
                {
                    accepted.Add($"byte {i} ^ 0x{flip:x2}");
                }
            }
        }

        Assert.Empty(accepted);
    }

    [Fact]
    public void TryParse_TruncatedOrExtended_IsRejected()
    {
        using var key = Key("release");
        var signed = SmallManifest(key).Sign(key);

        for (var length = 0; length < signed.Length; length++)
        {
            Assert.NotEqual(StatementError.None, ReleaseManifest.TryParse(signed.AsSpan(0, length), key.PublicKey, out _));
        }

        Assert.NotEqual(StatementError.None, ReleaseManifest.TryParse([.. signed, (byte)'\n'], key.PublicKey, out _));
        Assert.NotEqual(StatementError.None, ReleaseManifest.TryParse([.. signed, .. signed], key.PublicKey, out _));
    }

    [Fact]
    public void TryParse_SignedByAnotherKey_IsUntrusted()
    {
        using var project = Key("project");
        using var other = Key("someone else");

        var error = ReleaseManifest.TryParse(SmallManifest(other).Sign(other), project.PublicKey, out var manifest);

        Assert.Equal(StatementError.UntrustedKey, error);
        Assert.Null(manifest);
    }

    [Fact]
    public void TryParse_KeyLineSwappedForTrustedKey_FailsTheSignature()
    {
        using var project = Key("project");
        using var other = Key("someone else");
        var text = Encoding.UTF8.GetString(SmallManifest(other).Sign(other))
            .Replace(Convert.ToBase64String(other.PublicKey.Encoded), Convert.ToBase64String(project.PublicKey.Encoded), StringComparison.Ordinal);

        Assert.Equal(StatementError.BadSignature, ReleaseManifest.TryParse(Encoding.UTF8.GetBytes(text), project.PublicKey, out _));
    }

    [Fact]
    public void TryParse_BodySignedUnderTheCanaryDomain_IsRejected()
    {
        using var key = Key("release");
        var body = Body(key, $"file {Hash('a')} 1 web/app.html");

        var error = ReleaseManifest.TryParse(SignedStatement.Sign(WarrantCanary.Domain, body, key), key.PublicKey, out _);

        Assert.Equal(StatementError.BadSignature, error);
        Assert.Equal(StatementError.None, ReleaseManifest.TryParse(SignedStatement.Sign(ReleaseManifest.Domain, body, key), key.PublicKey, out _));
    }

    [Fact]
    public void TryParse_ACanary_IsNotAManifest()
    {
        using var key = Key("operator");
        var canary = new WarrantCanary(new DateOnly(2026, 12, 1), 30, key.PublicKey, "No warrants.").Sign(key);

        Assert.Equal(StatementError.Malformed, ReleaseManifest.TryParse(canary, key.PublicKey, out _));
    }

    public static TheoryData<string, string> NonCanonicalBodies() => new()
    {
        { "unsorted", "B|A" },
        { "duplicate path", "A|A" },
        { "trailing space", $"file {Hash('a')} 1 web/app.html " },
        { "double space", $"file {Hash('a')}  1 web/app.html" },
        { "dot-dot path", $"file {Hash('a')} 1 web/../../etc/passwd" },
        { "dot segment", $"file {Hash('a')} 1 web/./app.html" },
        { "absolute path", $"file {Hash('a')} 1 /etc/passwd" },
        { "empty segment", $"file {Hash('a')} 1 web//app.html" },
        { "backslash", $"file {Hash('a')} 1 web\\app.html" },
        { "uppercase hex", $"file {Hash('A')} 1 web/app.html" },
        { "short hash", $"file {new string('a', 63)} 1 web/app.html" },
        { "plus size", $"file {Hash('a')} +1 web/app.html" },
        { "negative size", $"file {Hash('a')} -1 web/app.html" },
        { "leading zero size", $"file {Hash('a')} 01 web/app.html" },
        { "blank line", string.Empty },
        { "unknown field", "note hello" },
        { "path too long", $"file {Hash('a')} 1 {new string('x', StatementLimits.MaxPathLength + 1)}" },
    };

    [Theory]
    [MemberData(nameof(NonCanonicalBodies))]
    public void TryParse_NonCanonicalFileLines_AreMalformedEvenWhenWellSigned(string why, string lines)
    {
        using var key = Key("release");
        var a = $"file {Hash('a')} 1 cli/a.dll";
        var b = $"file {Hash('b')} 2 cli/b.dll";
        var body = Body(key, [.. lines.Split('|').Select(l => l switch { "A" => a, "B" => b, _ => l })]);

        Assert.True(StatementError.Malformed == ReleaseManifest.TryParse(SignRaw(ReleaseManifest.Domain, body, key), key.PublicKey, out _), why);
    }

    [Theory]
    [InlineData("crlf")]
    [InlineData("no final newline")]
    [InlineData("uppercase commit")]
    [InlineData("short commit")]
    [InlineData("fields out of order")]
    [InlineData("space in version")]
    [InlineData("nul")]
    public void TryParse_NonCanonicalHeaders_AreMalformedEvenWhenWellSigned(string why)
    {
        using var key = Key("release");
        var good = Body(key, $"file {Hash('a')} 1 web/app.html");
        var signed = why switch
        {
            "crlf" => SignRaw(ReleaseManifest.Domain, good.Replace("\n", "\r\n", StringComparison.Ordinal), key),
            "no final newline" => SignRaw(ReleaseManifest.Domain, good, key)[..^1],
            "uppercase commit" => SignRaw(ReleaseManifest.Domain, good.Replace(Commit, Commit.ToUpperInvariant(), StringComparison.Ordinal), key),
            "short commit" => SignRaw(ReleaseManifest.Domain, good.Replace(Commit, Commit[..39], StringComparison.Ordinal), key),
            "fields out of order" => SignRaw(ReleaseManifest.Domain, good.Replace("version 0.2.0\ncommit " + Commit, "commit " + Commit + "\nversion 0.2.0", StringComparison.Ordinal), key),
            "space in version" => SignRaw(ReleaseManifest.Domain, good.Replace("version 0.2.0", "version 0.2.0 beta", StringComparison.Ordinal), key),
            _ => SignRaw(ReleaseManifest.Domain, good.Replace("web/app.html", "web/app\0.html", StringComparison.Ordinal), key),
        };

        Assert.True(StatementError.Malformed == ReleaseManifest.TryParse(signed, key.PublicKey, out _), why);
    }

    [Fact]
    public void TryParse_OverTheSizeLimit_IsTooLarge()
    {
        using var key = Key("release");
        var text = new byte[StatementLimits.MaxManifestBytes + 1];

        Assert.Equal(StatementError.TooLarge, ReleaseManifest.TryParse(text, key.PublicKey, out _));
    }

    [Fact]
    public void TryParse_MoreFilesThanTheLimit_IsMalformed()
    {
        using var key = Key("release");
        var lines = Enumerable.Range(0, StatementLimits.MaxManifestFiles + 1).Select(i => $"file {Hash('a')} 1 f{i:D5}").ToArray();

        Assert.Equal(StatementError.Malformed, ReleaseManifest.TryParse(SignRaw(ReleaseManifest.Domain, Body(key, lines), key), key.PublicKey, out _));
    }

    [Fact]
    public void TryParse_AnotherFormatVersion_IsUnknownVersion()
    {
        using var key = Key("release");
        var body = Body(key, $"file {Hash('a')} 1 web/app.html").Replace("offline-release v1", "offline-release v2", StringComparison.Ordinal);

        Assert.Equal(StatementError.UnknownVersion, ReleaseManifest.TryParse(SignRaw(ReleaseManifest.Domain, body, key), key.PublicKey, out _));
    }

    [Fact]
    public void Constructor_InvalidFields_Throw()
    {
        using var key = Key("release");
        ReleaseFile[] one = [new("a", 1, Hash('a'))];

        Assert.Throws<ArgumentException>(() => new ReleaseManifest("0.2 beta", Commit, key.PublicKey, one));
        Assert.Throws<ArgumentException>(() => new ReleaseManifest("0.2.0", Commit.ToUpperInvariant(), key.PublicKey, one));
        Assert.Throws<ArgumentException>(() => new ReleaseManifest("0.2.0", Commit, key.PublicKey, [new("../a", 1, Hash('a'))]));
        Assert.Throws<ArgumentException>(() => new ReleaseManifest("0.2.0", Commit, key.PublicKey, [new("a", -1, Hash('a'))]));
        Assert.Throws<ArgumentException>(() => new ReleaseManifest("0.2.0", Commit, key.PublicKey, [one[0], one[0]]));
    }

    [Fact]
    public void Sign_WithAKeyTheManifestDoesNotName_Throws()
    {
        using var named = Key("named");
        using var other = Key("other");

        Assert.Throws<ArgumentException>(() => SmallManifest(named).Sign(other));
    }

    [Theory]
    [InlineData("relay/runtimes/linux-x64/native/libe_sqlite3.so", true)]
    [InlineData("web/app.html", true)]
    [InlineData("a+b_c-d.e", true)]
    [InlineData("", false)]
    [InlineData("/abs", false)]
    [InlineData("trailing/", false)]
    [InlineData("..", false)]
    [InlineData("a/../b", false)]
    [InlineData("a b", false)]
    [InlineData("ü", false)]
    public void IsValidPath_OnlyRelativeSafeSegments(string path, bool valid) =>
        Assert.Equal(valid, ReleaseFile.IsValidPath(path));
}
