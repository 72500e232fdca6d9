using System.Text;
using Offline.Protocol.Primitives;
using Offline.Protocol.Statements;
using Offline.Protocol.Tests.Primitives;
using static Offline.Protocol.Tests.Statements.StatementSamples;

namespace Offline.Protocol.Tests.Statements;

public class StatementKeyTests
{
    [Fact]
    public void PublicKeyFile_RoundTrips()
    {
        using var key = Key("release");
        var line = StatementKey.FormatPublic(StatementKey.ReleasePurpose, key.PublicKey);

        Assert.StartsWith("offline-key v1 release ", line, StringComparison.Ordinal);
        Assert.EndsWith("\n", line, StringComparison.Ordinal);
        Assert.True(StatementKey.TryParsePublic(line, StatementKey.ReleasePurpose, out var parsed));
        Assert.Equal(key.PublicKey, parsed);
        Assert.True(StatementKey.TryParsePublic(line.TrimEnd('\n'), StatementKey.ReleasePurpose, out _));
    }

    [Fact]
    public void SecretKeyFile_RoundTripsToTheSameSigningKey()
    {
        using var key = Key("release");
        var line = StatementKey.FormatSecret(StatementKey.ReleasePurpose, key);

        Assert.StartsWith("offline-secret-key v1 release ", line, StringComparison.Ordinal);
        using var parsed = StatementKey.ParseSecret(line, StatementKey.ReleasePurpose);
        Assert.NotNull(parsed);
        Assert.Equal(key.PublicKey, parsed.PublicKey);
        var signed = SmallManifest(key).Sign(parsed);
        Assert.Equal(StatementError.None, ReleaseManifest.TryParse(signed, key.PublicKey, out _));
    }

    [Fact]
    public void KeyFiles_OfAnotherPurpose_AreRefused()
    {
        using var key = Key("operator");
        var canaryPublic = StatementKey.FormatPublic(StatementKey.CanaryPurpose, key.PublicKey);
        var canarySecret = StatementKey.FormatSecret(StatementKey.CanaryPurpose, key);

        Assert.False(StatementKey.TryParsePublic(canaryPublic, StatementKey.ReleasePurpose, out var asRelease));
        Assert.Null(asRelease);
        Assert.Null(StatementKey.ParseSecret(canarySecret, StatementKey.ReleasePurpose));
        Assert.True(StatementKey.TryParsePublic(canaryPublic, StatementKey.CanaryPurpose, out _));
    }

    [Fact]
    public void KeyFiles_OfTheOtherKind_AreRefused()
    {
        using var key = Key("release");

        Assert.False(StatementKey.TryParsePublic(StatementKey.FormatSecret(StatementKey.ReleasePurpose, key), StatementKey.ReleasePurpose, out _));
        Assert.Null(StatementKey.ParseSecret(StatementKey.FormatPublic(StatementKey.ReleasePurpose, key.PublicKey), StatementKey.ReleasePurpose));
    }

    [Fact]
    public void PublicKeyFile_Malformed_IsRefused()
    {
        using var key = Key("release");
        var good = StatementKey.FormatPublic(StatementKey.ReleasePurpose, key.PublicKey).TrimEnd('\n');
        var encoded = good[(good.LastIndexOf(' ') + 1)..];
        var offCurve = key.PublicKey.Encoded.ToArray();
        offCurve[^1] ^= 1;

        string[] variants =
        [
            string.Empty,
            good.Replace("v1", "v2", StringComparison.Ordinal),
            good + " extra",
            good + "\n\n",
            good.Replace(" release ", "  release ", StringComparison.Ordinal),
            good.Replace(" release ", " Release ", StringComparison.Ordinal),
            good.Replace(encoded, encoded[..^4], StringComparison.Ordinal),
            good.Replace(encoded, "not base64!", StringComparison.Ordinal),
            good.Replace(encoded, Convert.ToBase64String(offCurve), StringComparison.Ordinal),
            good.Replace(encoded, Convert.ToBase64String(new byte[P256PublicKey.EncodedSize]), StringComparison.Ordinal),
            "\r" + good,
        ];

        foreach (var variant in variants)
        {
            Assert.False(StatementKey.TryParsePublic(variant, StatementKey.ReleasePurpose, out _), variant);
        }
    }

    [Fact]
    public void SecretKeyFile_WhitespaceInTheKey_IsRefused()
    {
        using var key = Key("release");
        var line = StatementKey.FormatSecret(StatementKey.ReleasePurpose, key).TrimEnd('\n');

        Assert.Null(StatementKey.ParseSecret(line + "\n\n", StatementKey.ReleasePurpose));
        Assert.Null(StatementKey.ParseSecret(line[..^10] + "\t" + line[^10..], StatementKey.ReleasePurpose));
    }

    [Fact]
    public void SecretKeyFile_ScalarOutOfRange_IsRefused()
    {
        foreach (var scalar in new[] { new byte[32], P256TestKeys.NearOrder(0), P256TestKeys.NearOrder(1), new byte[31] })
        {
            Assert.Null(StatementKey.ParseSecret($"offline-secret-key v1 release {Convert.ToBase64String(scalar)}\n", StatementKey.ReleasePurpose));
        }

        Assert.NotNull(StatementKey.ParseSecret($"offline-secret-key v1 release {Convert.ToBase64String(P256TestKeys.NearOrder(-1))}\n", StatementKey.ReleasePurpose));
    }

    [Fact]
    public void Fingerprint_IsTheFirst16BytesOfTheKeyHash_InGroupsOfFour()
    {
        using var key = Key("release");
        using var other = Key("other");

        var fingerprint = StatementKey.Fingerprint(key.PublicKey);

        Assert.Matches("^[0-9a-f]{4}( [0-9a-f]{4}){7}$", fingerprint);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(key.PublicKey.Encoded))[..32], fingerprint.Replace(" ", string.Empty, StringComparison.Ordinal));
        Assert.NotEqual(fingerprint, StatementKey.Fingerprint(other.PublicKey));
    }

    [Fact]
    public void UnknownPurpose_IsMisuse()
    {
        using var key = Key("release");

        Assert.Throws<ArgumentException>(() => StatementKey.FormatPublic("signing", key.PublicKey));
        Assert.Throws<ArgumentException>(() => StatementKey.TryParsePublic("offline-key v1 signing AAAA", "signing", out _));
    }

    [Fact]
    public void ProjectReleaseKeyFile_IsAReleasePublicKey()
    {
        var path = Path.Combine(RepositoryRoot(), "keys", "release-key.pub");

        Assert.True(StatementKey.TryParsePublic(File.ReadAllText(path, Encoding.UTF8), StatementKey.ReleasePurpose, out _), $"{path} must be one 'offline-key v1 release BASE64' line");
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Offline.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("the repository root (Offline.slnx) above the test assembly");
    }
}
