using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Offline.Protocol.Primitives;

namespace Offline.Protocol.Tests.Primitives.Wycheproof;

/// <summary>Wycheproof hmac_sha256_test.json against <see cref="HmacSha256"/> (chain keys, addresses, handoff MACs).</summary>
public class HmacSha256WycheproofTests
{
    private const string File = "hmac_sha256_test.json";

    public static TheoryData<int, string> Cases => WycheproofFile.Rows(File, InScope);

    [Fact]
    public void Vectors_InScope_AreAllCounted() =>
        WycheproofFile.AssertCounts(File, InScope, valid: 33, invalid: 54, acceptable: 0);

    /// <summary>
    /// Our MACs are checked the way the client checks a handoff MAC: recompute with
    /// <see cref="HmacSha256.Compute"/> and compare in fixed time. Valid: equal. Invalid (all ModifiedTag): not equal.
    /// </summary>
    [Theory]
    [MemberData(nameof(Cases))]
    public void Compute_WycheproofCase_MatchesExpectedResult(int tcId, string result)
    {
        var test = WycheproofFile.Case(File, tcId);
        var mac = new byte[HmacSha256.Size];

        HmacSha256.Compute(test.Bytes("key"), test.Bytes("msg"), mac);

        var matches = CryptographicOperations.FixedTimeEquals(mac, test.Bytes("tag"));
        Assert.Equal(result == WycheproofCase.Valid, matches);
        Assert.NotEqual(WycheproofCase.Acceptable, result);
    }

    /// <summary>
    /// Every key size (128, 256 and 520 bits) but only the full 256-bit tag: no MAC in the protocol or the
    /// client is truncated (HmacSha256.Size is the only length compared), so the 128-bit-tag groups are out of scope.
    /// </summary>
    private static bool InScope(JsonObject group) => (int)group["tagSize"]! == 256;
}
