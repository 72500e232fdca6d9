using System.Text.Json.Nodes;
using Offline.Protocol.Primitives;

namespace Offline.Protocol.Tests.Primitives.Wycheproof;

/// <summary>Wycheproof hkdf_sha256_test.json against <see cref="HkdfSha256"/> (handshake, ratchet and sealing KDF).</summary>
public class HkdfSha256WycheproofTests
{
    private const string File = "hkdf_sha256_test.json";

    /// <summary>The wrapper takes any key, salt, info and output length, so every group is in scope.</summary>
    private static readonly Func<JsonObject, bool> AllGroups = _ => true;

    public static TheoryData<int, string> Cases => WycheproofFile.Rows(File, AllGroups);

    [Fact]
    public void Vectors_InScope_AreAllCounted() =>
        WycheproofFile.AssertCounts(File, AllGroups, valid: 83, invalid: 3, acceptable: 0);

    /// <summary>
    /// Valid: the output equals okm, for every size up to the maximum 255 × 32 = 8160 bytes and for an
    /// empty salt. Invalid (all SizeTooLarge, 8161 bytes): the output length comes from our own code, so
    /// asking for more than HKDF can give is misuse and throws ArgumentException (STYLE.md rule 4).
    /// </summary>
    [Theory]
    [MemberData(nameof(Cases))]
    public void DeriveKey_WycheproofCase_MatchesExpectedResult(int tcId, string result)
    {
        var test = WycheproofFile.Case(File, tcId);
        var inputKeyMaterial = test.Bytes("ikm");
        var salt = test.Bytes("salt");
        var info = test.Bytes("info");
        var output = new byte[test.Int("size")];

        if (result == WycheproofCase.Valid)
        {
            HkdfSha256.DeriveKey(inputKeyMaterial, salt, info, output);
            Assert.Equal(test.Bytes("okm"), output);
        }
        else
        {
            Assert.Equal(WycheproofCase.Invalid, result);
            Assert.ThrowsAny<ArgumentException>(() => HkdfSha256.DeriveKey(inputKeyMaterial, salt, info, output));
        }
    }
}
