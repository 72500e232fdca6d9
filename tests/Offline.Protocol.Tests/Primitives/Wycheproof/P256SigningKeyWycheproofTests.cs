using System.Text.Json.Nodes;
using Offline.Protocol.Primitives;

namespace Offline.Protocol.Tests.Primitives.Wycheproof;

/// <summary>
/// Wycheproof ecdsa_secp256r1_sha256_p1363_test.json against <see cref="P256SigningKey.Verify"/>: our
/// signatures are IEEE P1363 r ‖ s (64 bytes), so the DER file does not apply.
/// </summary>
public class P256SigningKeyWycheproofTests
{
    private const string File = "ecdsa_secp256r1_sha256_p1363_test.json";

    private static readonly Func<JsonObject, bool> AllGroups = _ => true;

    public static TheoryData<int, string> Cases => WycheproofFile.Rows(File, AllGroups);

    [Fact]
    public void Vectors_InScope_AreAllCounted() =>
        WycheproofFile.AssertCounts(File, AllGroups, valid: 173, invalid: 89, acceptable: 0);

    /// <summary>
    /// The group's key goes through <see cref="P256PublicKey.TryParse"/> (as a contact's key does), then
    /// Verify. Valid: true (both s and n − s: ECDSA itself accepts both, and so does our verifier).
    /// Invalid: false — r or s out of [1, n − 1] or shifted by n (RangeCheck, IntegerOverflow), wrong
    /// lengths (SignatureSize: r and s written in fewer or more bytes), modified or forged signatures
    /// (InvalidSignature, ModifiedInteger, PointDuplication, ArithmeticError, SmallRandS).
    /// </summary>
    [Theory]
    [MemberData(nameof(Cases))]
    public void Verify_WycheproofCase_MatchesExpectedResult(int tcId, string result)
    {
        var test = WycheproofFile.Case(File, tcId);
        var encodedKey = Convert.FromHexString((string)test.Group["publicKey"]!["uncompressed"]!);
        Assert.True(P256PublicKey.TryParse(encodedKey, out var key));

        var verified = P256SigningKey.Verify(key!, test.Bytes("msg"), test.Bytes("sig"));

        Assert.NotEqual(WycheproofCase.Acceptable, result);
        Assert.Equal(result == WycheproofCase.Valid, verified);
    }
}
