using System.Text.Json.Nodes;
using Offline.Protocol.Primitives;

namespace Offline.Protocol.Tests.Primitives.Wycheproof;

/// <summary>
/// Wycheproof's three ML-KEM-768 files against <see cref="MlKem768"/> and <see cref="MlKem768DecapsulationKey"/>:
/// key generation from the 64-byte seed d ‖ z, encapsulation with a fixed message m, decapsulation.
/// </summary>
public class MlKem768WycheproofTests
{
    private const string KeyGenFile = "mlkem_768_keygen_seed_test.json";
    private const string EncapsFile = "mlkem_768_encaps_test.json";
    private const string DecapsFile = "mlkem_768_test.json";

    /// <summary>Every group is ML-KEM-768, and our API takes each input in the form the files give it.</summary>
    private static readonly Func<JsonObject, bool> AllGroups = _ => true;

    public static TheoryData<int, string> KeyGenCases => WycheproofFile.Rows(KeyGenFile, AllGroups);

    public static TheoryData<int, string> EncapsCases => WycheproofFile.Rows(EncapsFile, AllGroups);

    public static TheoryData<int, string> DecapsCases => WycheproofFile.Rows(DecapsFile, AllGroups);

    [Fact]
    public void Vectors_InScope_AreAllCounted()
    {
        WycheproofFile.AssertCounts(KeyGenFile, AllGroups, valid: 100, invalid: 0, acceptable: 0);
        WycheproofFile.AssertCounts(EncapsFile, AllGroups, valid: 133, invalid: 132, acceptable: 0);
        WycheproofFile.AssertCounts(DecapsFile, AllGroups, valid: 153, invalid: 40, acceptable: 0);
    }

    /// <summary>
    /// All valid: the seed gives "ek" through each entry point that expands one (generation drawing the seed,
    /// expansion of a stored seed, the responder's long-lived key). The vector's expanded "dk" is not compared:
    /// our API never exposes it (the seed is the only stored form); decapsulation below checks its effect.
    /// </summary>
    [Theory]
    [MemberData(nameof(KeyGenCases))]
    public void KeyGen_WycheproofCase_GivesEncapsulationKey(int tcId, string result)
    {
        var test = WycheproofFile.Case(KeyGenFile, tcId);
        Assert.Equal(WycheproofCase.Valid, result);
        var seed = test.Bytes("seed");
        var expected = test.Bytes("ek");

        var drawnSeed = new byte[MlKem768.SeedSize];
        var generated = new byte[MlKem768.EncapsulationKeySize];
        MlKem768.GenerateKeyPair(new ScriptedRandom(seed), drawnSeed, generated);
        var expanded = new byte[MlKem768.EncapsulationKeySize];
        MlKem768.EncapsulationKeyFromSeed(seed, expanded);
        using var decapsulationKey = MlKem768DecapsulationKey.FromSeed(seed);

        Assert.Equal(seed, drawnSeed);
        Assert.Equal(expected, generated);
        Assert.Equal(expected, expanded);
        Assert.Equal(expected, decapsulationKey.EncapsulationKey);
    }

    /// <summary>
    /// Valid: TryEncapsulate draws exactly m (32 bytes) and gives "c" and "K". Invalid: a key of the wrong
    /// length or failing the modulus check (ModulusOverflow) is a peer's bad prekey, so TryEncapsulate
    /// returns false, and draws nothing.
    /// </summary>
    [Theory]
    [MemberData(nameof(EncapsCases))]
    public void TryEncapsulate_WycheproofCase_MatchesExpectedResult(int tcId, string result)
    {
        var test = WycheproofFile.Case(EncapsFile, tcId);
        var random = new ScriptedRandom(test.Bytes("m"));
        var ciphertext = new byte[MlKem768.CiphertextSize];
        var sharedSecret = new byte[MlKem768.SharedSecretSize];

        var accepted = MlKem768.TryEncapsulate(test.Bytes("ek"), random, ciphertext, sharedSecret);

        if (result == WycheproofCase.Valid)
        {
            Assert.True(accepted);
            Assert.Equal(32, random.Drawn);
            Assert.Equal(test.Bytes("c"), ciphertext);
            Assert.Equal(test.Bytes("K"), sharedSecret);
        }
        else
        {
            Assert.Equal(WycheproofCase.Invalid, result);
            Assert.False(accepted);
            Assert.Equal(0, random.Drawn);
        }
    }

    /// <summary>
    /// Valid (random and bit-flipped ciphertexts included, which implicit rejection must answer with the
    /// vector's pseudorandom "K"): the seed gives "ek", and both decapsulation entry points give "K".
    /// Invalid: only wrong lengths — a seed or a ciphertext too short or too long. Both are fixed by our own
    /// code (the stored seed, the fixed-size ciphertext field of the prekey header), so both throw ArgumentException.
    /// </summary>
    [Theory]
    [MemberData(nameof(DecapsCases))]
    public void Decapsulate_WycheproofCase_MatchesExpectedResult(int tcId, string result)
    {
        var test = WycheproofFile.Case(DecapsFile, tcId);
        var seed = test.Bytes("seed");
        var ciphertext = test.Bytes("c");
        var sharedSecret = new byte[MlKem768.SharedSecretSize];

        if (result != WycheproofCase.Valid)
        {
            Assert.Equal(WycheproofCase.Invalid, result);
            Assert.ThrowsAny<ArgumentException>(() => MlKem768.Decapsulate(seed, ciphertext, sharedSecret));
            Assert.ThrowsAny<ArgumentException>(() => DecapsulateWithKey(seed, ciphertext, sharedSecret));
            return;
        }

        var encapsulationKey = new byte[MlKem768.EncapsulationKeySize];
        MlKem768.EncapsulationKeyFromSeed(seed, encapsulationKey);
        Assert.Equal(test.Bytes("ek"), encapsulationKey);

        MlKem768.Decapsulate(seed, ciphertext, sharedSecret);
        Assert.Equal(test.Bytes("K"), sharedSecret);

        Array.Clear(sharedSecret);
        DecapsulateWithKey(seed, ciphertext, sharedSecret);
        Assert.Equal(test.Bytes("K"), sharedSecret);
    }

    private static void DecapsulateWithKey(byte[] seed, byte[] ciphertext, byte[] sharedSecret)
    {
        using var key = MlKem768DecapsulationKey.FromSeed(seed);
        key.Decapsulate(ciphertext, sharedSecret);
    }
}
