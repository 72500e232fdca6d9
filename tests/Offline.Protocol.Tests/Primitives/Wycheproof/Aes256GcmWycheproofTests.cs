using System.Text.Json.Nodes;
using Offline.Protocol.Primitives;

namespace Offline.Protocol.Tests.Primitives.Wycheproof;

/// <summary>Wycheproof aes_gcm_test.json against <see cref="Aes256Gcm"/>, the AEAD of every sealed box.</summary>
public class Aes256GcmWycheproofTests
{
    private const string File = "aes_gcm_test.json";

    public static TheoryData<int, string> Cases => WycheproofFile.Rows(File, InScope);

    [Fact]
    public void Vectors_InScope_AreAllCounted() =>
        WycheproofFile.AssertCounts(File, InScope, valid: 39, invalid: 27, acceptable: 0);

    /// <summary>
    /// Valid: Seal gives exactly ct ‖ tag and TryOpen gives the message back. Invalid (all flagged
    /// ModifiedTag): TryOpen returns false and leaves the plaintext buffer zeroed.
    /// </summary>
    [Theory]
    [MemberData(nameof(Cases))]
    public void SealAndTryOpen_WycheproofCase_MatchExpectedResult(int tcId, string result)
    {
        var test = WycheproofFile.Case(File, tcId);
        var key = test.Bytes("key");
        var nonce = test.Bytes("iv");
        var associatedData = test.Bytes("aad");
        var message = test.Bytes("msg");
        byte[] sealedBox = [.. test.Bytes("ct"), .. test.Bytes("tag")];
        var opened = new byte[sealedBox.Length - Aes256Gcm.TagSize];

        var authentic = Aes256Gcm.TryOpen(key, nonce, sealedBox, associatedData, opened);

        if (result == WycheproofCase.Valid)
        {
            Assert.True(authentic);
            Assert.Equal(message, opened);
            var resealed = new byte[message.Length + Aes256Gcm.TagSize];
            Aes256Gcm.Seal(key, nonce, message, associatedData, resealed);
            Assert.Equal(sealedBox, resealed);
        }
        else
        {
            Assert.Equal(WycheproofCase.Invalid, result);
            Assert.False(authentic);
            Assert.All(opened, b => Assert.Equal(0, b));
        }
    }

    /// <summary>Suite v1 uses only a 256-bit key, a 96-bit nonce and a 128-bit tag; the wrapper refuses other sizes up front.</summary>
    private static bool InScope(JsonObject group) =>
        (int)group["keySize"]! == 256 && (int)group["ivSize"]! == 96 && (int)group["tagSize"]! == 128;
}
