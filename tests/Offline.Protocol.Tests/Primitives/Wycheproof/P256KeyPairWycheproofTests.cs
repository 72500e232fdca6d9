using System.Text.Json.Nodes;
using Offline.Protocol.Primitives;

namespace Offline.Protocol.Tests.Primitives.Wycheproof;

/// <summary>
/// Wycheproof ecdh_secp256r1_ecpoint_test.json (public keys as bare SEC1 points, our wire form) through the
/// protocol's two steps: <see cref="P256PublicKey.TryParse"/> on the peer's bytes, then <see cref="P256KeyPair.Agree"/>.
/// </summary>
public class P256KeyPairWycheproofTests
{
    private const string File = "ecdh_secp256r1_ecpoint_test.json";

    private static readonly Func<JsonObject, bool> AllGroups = _ => true;

    public static TheoryData<int, string> Cases => WycheproofFile.Rows(File, AllGroups);

    [Fact]
    public void Vectors_InScope_AreAllCounted() =>
        WycheproofFile.AssertCounts(File, AllGroups, valid: 330, invalid: 24, acceptable: 1);

    /// <summary>
    /// Valid: the point parses and the agreed secret equals "shared" (edge-case scalars, doublings and
    /// shared secrets included). Invalid: every one is a bad public key — off the curve (InvalidCurveAttack),
    /// empty (InvalidEncoding), or compressed and not on P-256 (twist points, a bad X) — and TryParse refuses it.
    /// Acceptable: only tcId 2, a correct compressed point (CompressedPublic). Decision: refuse it. Suite v1
    /// takes only 65-byte uncompressed points (PROTOCOL.md §1), and one encoding per key keeps key
    /// comparison and the safety number byte-exact.
    /// </summary>
    [Theory]
    [MemberData(nameof(Cases))]
    public void TryParseAndAgree_WycheproofCase_MatchesExpectedResult(int tcId, string result)
    {
        var test = WycheproofFile.Case(File, tcId);

        var parsed = P256PublicKey.TryParse(test.Bytes("public"), out var peer);

        if (result != WycheproofCase.Valid)
        {
            // A new kind of acceptable case fails here until someone decides it.
            Assert.True(result == WycheproofCase.Invalid || test.Flags.Contains("CompressedPublic"));
            Assert.False(parsed);
            Assert.Null(peer);
            return;
        }

        Assert.True(parsed);
        using var pair = P256KeyPair.FromPrivateKey(ToScalar(test.Bytes("private")));
        var shared = new byte[P256KeyPair.SharedSecretSize];
        pair.Agree(peer!, shared);
        Assert.Equal(test.Bytes("shared"), shared);
    }

    /// <summary>
    /// Wycheproof writes the private key as a minimal big-endian integer (a leading 00 when the top bit is
    /// set, fewer bytes for small scalars); we store it as exactly 32 big-endian bytes.
    /// </summary>
    private static byte[] ToScalar(byte[] integer)
    {
        var digits = integer.AsSpan().TrimStart((byte)0);
        Assert.True(digits.Length <= P256KeyPair.PrivateKeySize);
        var scalar = new byte[P256KeyPair.PrivateKeySize];
        digits.CopyTo(scalar.AsSpan(scalar.Length - digits.Length));
        return scalar;
    }
}
