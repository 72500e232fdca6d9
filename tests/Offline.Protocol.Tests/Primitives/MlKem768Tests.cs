using Offline.Protocol.Primitives;

namespace Offline.Protocol.Tests.Primitives;

public class MlKem768Tests
{
    [Fact]
    public void RoundTrip_EncapsulateThenDecapsulate_SecretsMatch()
    {
        var (seed, encapsulationKey) = NewKeyPair(SystemRandom.Instance);
        var ciphertext = new byte[MlKem768.CiphertextSize];
        var sent = new byte[MlKem768.SharedSecretSize];
        var received = new byte[MlKem768.SharedSecretSize];

        Assert.True(MlKem768.TryEncapsulate(encapsulationKey, SystemRandom.Instance, ciphertext, sent));
        MlKem768.Decapsulate(seed, ciphertext, received);

        Assert.Equal(sent, received);
    }

    [Fact]
    public void GenerateKeyPair_SeedIsTheFirst64BytesDrawn()
    {
        var expectedSeed = new byte[MlKem768.SeedSize];
        DeterministicRandom.FromLabel("ml-kem-seed").Fill(expectedSeed);

        var (seed, _) = NewKeyPair(DeterministicRandom.FromLabel("ml-kem-seed"));

        Assert.Equal(expectedSeed, seed);
    }

    [Fact]
    public void GenerateKeyPair_SameRandom_SameEncapsulationKey()
    {
        var (_, first) = NewKeyPair(DeterministicRandom.FromLabel("ml-kem-determinism"));
        var (_, second) = NewKeyPair(DeterministicRandom.FromLabel("ml-kem-determinism"));

        Assert.Equal(first, second);
    }

    [Fact]
    public void EncapsulationKeyFromSeed_StoredSeed_ReproducesGeneratedKey()
    {
        var (seed, generated) = NewKeyPair(SystemRandom.Instance);
        var expanded = new byte[MlKem768.EncapsulationKeySize];

        MlKem768.EncapsulationKeyFromSeed(seed, expanded);

        Assert.Equal(generated, expanded);
    }

    [Fact]
    public void TryEncapsulate_DrawsExactly32Bytes_AndIsReproducible()
    {
        var (_, encapsulationKey) = NewKeyPair(SystemRandom.Instance);
        var message = new byte[32];
        DeterministicRandom.FromLabel("ml-kem-m").Fill(message);
        var firstRandom = new ScriptedRandom(message);
        var firstCiphertext = new byte[MlKem768.CiphertextSize];
        var secondCiphertext = new byte[MlKem768.CiphertextSize];
        var firstSecret = new byte[MlKem768.SharedSecretSize];
        var secondSecret = new byte[MlKem768.SharedSecretSize];

        Assert.True(MlKem768.TryEncapsulate(encapsulationKey, firstRandom, firstCiphertext, firstSecret));
        Assert.True(MlKem768.TryEncapsulate(encapsulationKey, new ScriptedRandom(message), secondCiphertext, secondSecret));

        Assert.Equal(32, firstRandom.Drawn);
        Assert.Equal(firstCiphertext, secondCiphertext);
        Assert.Equal(firstSecret, secondSecret);
    }

    [Fact]
    public void Decapsulate_TamperedCiphertext_GivesADifferentButRepeatableSecret()
    {
        var (seed, encapsulationKey) = NewKeyPair(SystemRandom.Instance);
        var ciphertext = new byte[MlKem768.CiphertextSize];
        var sent = new byte[MlKem768.SharedSecretSize];
        MlKem768.TryEncapsulate(encapsulationKey, SystemRandom.Instance, ciphertext, sent);
        ciphertext[100] ^= 0x01;
        var first = new byte[MlKem768.SharedSecretSize];
        var second = new byte[MlKem768.SharedSecretSize];

        MlKem768.Decapsulate(seed, ciphertext, first);
        MlKem768.Decapsulate(seed, ciphertext, second);

        Assert.NotEqual(sent, first);
        Assert.Equal(first, second);
    }

    [Fact]
    public void Decapsulate_WrongSeed_GivesADifferentSecret()
    {
        var (_, encapsulationKey) = NewKeyPair(SystemRandom.Instance);
        var (otherSeed, _) = NewKeyPair(SystemRandom.Instance);
        var ciphertext = new byte[MlKem768.CiphertextSize];
        var sent = new byte[MlKem768.SharedSecretSize];
        var received = new byte[MlKem768.SharedSecretSize];
        MlKem768.TryEncapsulate(encapsulationKey, SystemRandom.Instance, ciphertext, sent);

        MlKem768.Decapsulate(otherSeed, ciphertext, received);

        Assert.NotEqual(sent, received);
    }

    [Theory]
    [InlineData(0, 3329)]
    [InlineData(0, 4095)]
    [InlineData(767, 3329)]
    [InlineData(383, 0xD01)]
    public void TryEncapsulate_CoefficientNotBelowQ_ReturnsFalse(int coefficient, int value)
    {
        var (_, encapsulationKey) = NewKeyPair(SystemRandom.Instance);
        SetCoefficient(encapsulationKey, coefficient, value);

        Assert.False(MlKem768.TryEncapsulate(encapsulationKey, SystemRandom.Instance, new byte[MlKem768.CiphertextSize], new byte[32]));
    }

    [Fact]
    public void TryEncapsulate_CoefficientQMinusOne_IsAccepted()
    {
        var (_, encapsulationKey) = NewKeyPair(SystemRandom.Instance);
        SetCoefficient(encapsulationKey, 0, 3328);
        SetCoefficient(encapsulationKey, 767, 3328);

        Assert.True(MlKem768.TryEncapsulate(encapsulationKey, SystemRandom.Instance, new byte[MlKem768.CiphertextSize], new byte[32]));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1183)]
    [InlineData(1185)]
    [InlineData(800)]
    public void TryEncapsulate_WrongKeyLength_ReturnsFalse(int length)
    {
        Assert.False(MlKem768.TryEncapsulate(new byte[length], SystemRandom.Instance, new byte[MlKem768.CiphertextSize], new byte[32]));
    }

    [Fact]
    public void Sizes_WrongBuffers_ThrowArgumentException()
    {
        var (seed, encapsulationKey) = NewKeyPair(SystemRandom.Instance);

        Assert.Throws<ArgumentException>(() => MlKem768.Decapsulate(seed, new byte[MlKem768.CiphertextSize - 1], new byte[32]));
        Assert.Throws<ArgumentException>(() => MlKem768.Decapsulate(seed.AsSpan(1), new byte[MlKem768.CiphertextSize], new byte[32]));
        Assert.Throws<ArgumentException>(() => MlKem768.TryEncapsulate(encapsulationKey, SystemRandom.Instance, new byte[10], new byte[32]));
        Assert.Throws<ArgumentException>(() => MlKem768.EncapsulationKeyFromSeed(seed, new byte[10]));
    }

    private static (byte[] Seed, byte[] EncapsulationKey) NewKeyPair(IRandomSource random)
    {
        var seed = new byte[MlKem768.SeedSize];
        var encapsulationKey = new byte[MlKem768.EncapsulationKeySize];
        MlKem768.GenerateKeyPair(random, seed, encapsulationKey);
        return (seed, encapsulationKey);
    }

    /// <summary>Writes a 12-bit coefficient of t̂ (ByteEncode₁₂ packs two per 3 bytes, little-endian).</summary>
    private static void SetCoefficient(byte[] encapsulationKey, int index, int value)
    {
        var offset = index / 2 * 3;
        if (index % 2 == 0)
        {
            encapsulationKey[offset] = (byte)value;
            encapsulationKey[offset + 1] = (byte)((encapsulationKey[offset + 1] & 0xF0) | (value >> 8));
        }
        else
        {
            encapsulationKey[offset + 1] = (byte)((encapsulationKey[offset + 1] & 0x0F) | ((value & 0x0F) << 4));
            encapsulationKey[offset + 2] = (byte)(value >> 4);
        }
    }
}
