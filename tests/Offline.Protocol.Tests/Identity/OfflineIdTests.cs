using Offline.Protocol.Identity;
using Offline.Protocol.Primitives;

namespace Offline.Protocol.Tests.Identity;

public class OfflineIdTests
{
    [Fact]
    public void Parse_OwnText_RoundTrips()
    {
        using var identity = IdentityKeyPair.Generate(DeterministicRandom.FromLabel("id"));
        var text = identity.Id.Text;

        Assert.StartsWith("of1_", text, StringComparison.Ordinal);
        Assert.True(OfflineId.TryParse(text, out var parsed, out var error), error.ToString());
        Assert.Equal(identity.Id, parsed);
        Assert.Equal(identity.PublicKeys.Id, OfflineId.FromCanonicalKeys(identity.PublicKeys.Encoded));
    }

    [Fact]
    public void Parse_EverySingleCharacterTypo_IsCaught()
    {
        using var identity = IdentityKeyPair.Generate(DeterministicRandom.FromLabel("typo"));
        var text = identity.Id.Text;
        const string alphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
        for (var i = 4; i < text.Length; i++)
        {
            foreach (var c in alphabet.Where(c => c != text[i]))
            {
                var typo = text[..i] + c + text[(i + 1)..];
                Assert.False(OfflineId.TryParse(typo, out _, out var error), typo);
                Assert.Contains(error, new[] { ProtocolError.IdChecksumMismatch, ProtocolError.IdWrongLength });
            }
        }
    }

    [Fact]
    public void Parse_SwappedNeighbours_AreCaught()
    {
        using var identity = IdentityKeyPair.Generate(DeterministicRandom.FromLabel("swap"));
        var text = identity.Id.Text;
        for (var i = 4; i < text.Length - 1; i++)
        {
            if (text[i] == text[i + 1])
            {
                continue;
            }

            var swapped = text[..i] + text[i + 1] + text[i] + text[(i + 2)..];
            Assert.False(OfflineId.TryParse(swapped, out _, out _), swapped);
        }
    }

    [Theory]
    [InlineData("", ProtocolError.IdMissingPrefix)]
    [InlineData("bob", ProtocolError.IdMissingPrefix)]
    [InlineData("of2_abc", ProtocolError.IdMissingPrefix)]
    [InlineData("of1_0OIl", ProtocolError.IdInvalidCharacter)]
    [InlineData("of1_abc", ProtocolError.IdWrongLength)]
    [InlineData("of1_", ProtocolError.IdWrongLength)]
    public void Parse_Malformed_GivesReason(string text, ProtocolError expected)
    {
        Assert.False(OfflineId.TryParse(text, out var id, out var error));
        Assert.Null(id);
        Assert.Equal(expected, error);
        Assert.False(string.IsNullOrWhiteSpace(ProtocolException.Describe(error)));
    }

    [Fact]
    public void Parse_SurroundingWhitespace_IsTolerated()
    {
        using var identity = IdentityKeyPair.Generate(DeterministicRandom.FromLabel("ws"));
        Assert.True(OfflineId.TryParse("  " + identity.Id.Text + "\n", out var parsed, out _));
        Assert.Equal(identity.Id, parsed);
    }

    [Fact]
    public void Serialize_RoundTrip_KeepsIdentity()
    {
        using var identity = IdentityKeyPair.Generate(DeterministicRandom.FromLabel("ser"));
        var secret = new byte[IdentityKeyPair.SerializedSize];
        identity.Serialize(secret);
        using var restored = IdentityKeyPair.Deserialize(secret);
        Assert.Equal(identity.PublicKeys, restored.PublicKeys);

        secret[0] = 9;
        var ex = Assert.Throws<ProtocolException>(() => IdentityKeyPair.Deserialize(secret));
        Assert.Equal(ProtocolError.UnknownVersion, ex.Error);
    }

    [Fact]
    public void FromFingerprint_AnyFingerprint_RoundTripsThroughText()
    {
        // Property: for random fingerprints, including ones with leading zero bytes, text → parse is the identity.
        var random = new Random(3);
        for (var trial = 0; trial < 2000; trial++)
        {
            var fingerprint = new byte[Limits.IdFingerprintSize];
            random.NextBytes(fingerprint);
            fingerprint.AsSpan(0, trial % 4).Clear();
            var id = OfflineId.FromFingerprint(fingerprint);
            Assert.True(OfflineId.TryParse(id.Text, out var parsed, out var error), error.ToString());
            Assert.Equal(fingerprint, parsed!.Fingerprint.ToArray());
        }
    }
}
