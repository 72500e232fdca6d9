using System.Text;
using Offline.Protocol.Statements;
using static Offline.Protocol.Tests.Statements.StatementSamples;

namespace Offline.Protocol.Tests.Statements;

public class SignedStatementTests
{
    private const string Domain = "Offline/Test/v1\n";
    private const string Body = "line one\nline two\n";

    [Fact]
    public void Verify_OwnSignature_ReturnsTheBody()
    {
        using var key = Key("signer");
        var signed = SignedStatement.Sign(Domain, Body, key);

        Assert.Equal(StatementError.None, SignedStatement.Verify(Domain, signed, key.PublicKey, out var body));
        Assert.Equal(Body, body);
        Assert.Matches("^line one\nline two\nsignature [A-Za-z0-9+/]{86}==\n$", Encoding.UTF8.GetString(signed));
    }

    [Fact]
    public void Verify_OtherDomainOrKey_IsBadSignature()
    {
        using var key = Key("signer");
        using var other = Key("other");
        var signed = SignedStatement.Sign(Domain, Body, key);

        Assert.Equal(StatementError.BadSignature, SignedStatement.Verify("Offline/Other/v1\n", signed, key.PublicKey, out _));
        Assert.Equal(StatementError.BadSignature, SignedStatement.Verify(ReleaseManifest.Domain, signed, key.PublicKey, out _));
        Assert.Equal(StatementError.BadSignature, SignedStatement.Verify(Domain, signed, other.PublicKey, out _));
    }

    [Fact]
    public void Domains_NeitherIsAPrefixOfTheOther()
    {
        // The signed message is domain ‖ body: if one domain began the other, moving bytes between them could re-use a signature.
        Assert.False(ReleaseManifest.Domain.StartsWith(WarrantCanary.Domain, StringComparison.Ordinal));
        Assert.False(WarrantCanary.Domain.StartsWith(ReleaseManifest.Domain, StringComparison.Ordinal));
        Assert.EndsWith("\n", ReleaseManifest.Domain, StringComparison.Ordinal);
        Assert.EndsWith("\n", WarrantCanary.Domain, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("no signature line", "line one\n")]
    [InlineData("signature only", "signature AAAA\n")]
    [InlineData("no final newline", "line one\nsignature AAAA")]
    [InlineData("empty", "")]
    public void Split_Malformed_IsMalformed(string why, string text) =>
        Assert.True(StatementError.Malformed == SignedStatement.Split(Encoding.UTF8.GetBytes(text), out _, out _), why);

    [Fact]
    public void Split_SignatureNotCanonicalBase64OrWrongLength_IsMalformed()
    {
        using var key = Key("signer");
        var text = Encoding.UTF8.GetString(SignedStatement.Sign(Domain, Body, key));
        var encoded = text[(text.LastIndexOf(' ') + 1)..^1];

        string[] variants =
        [
            text.Replace(encoded, encoded[..^2], StringComparison.Ordinal),              // padding removed
            text.Replace(encoded, encoded[..84] + "AA==", StringComparison.Ordinal),      // 63 bytes
            text.Replace(encoded, encoded + "AAAA", StringComparison.Ordinal),            // 67 bytes
            text.Replace(encoded, encoded[..85] + (char)(encoded[85] + 1) + "==", StringComparison.Ordinal), // a padding bit set: same bytes, other text
            text.Replace("signature ", "signature  ", StringComparison.Ordinal),
            text.Replace("signature ", "Signature ", StringComparison.Ordinal),
        ];

        foreach (var variant in variants)
        {
            Assert.NotEqual(StatementError.None, SignedStatement.Verify(Domain, Encoding.UTF8.GetBytes(variant), key.PublicKey, out _));
        }
    }

    [Fact]
    public void Split_InvalidUtf8CrOrNul_IsMalformed()
    {
        using var key = Key("signer");
        var signed = SignedStatement.Sign(Domain, Body, key);

        byte[] invalidUtf8 = [0xff, .. signed];
        byte[] overlong = [0xc0, 0xaf, (byte)'\n', .. signed];
        Assert.Equal(StatementError.Malformed, SignedStatement.Split(invalidUtf8, out _, out _));
        Assert.Equal(StatementError.Malformed, SignedStatement.Split(overlong, out _, out _));
        Assert.Equal(StatementError.Malformed, SignedStatement.Verify(Domain, SignRaw(Domain, "a\r\n", key), key.PublicKey, out _));
        Assert.Equal(StatementError.Malformed, SignedStatement.Verify(Domain, SignRaw(Domain, "a\0\n", key), key.PublicKey, out _));
    }

    [Theory]
    [InlineData("no newline at the end")]
    [InlineData("carriage\r\nreturn\n")]
    public void Sign_BodyNotLfLines_Throws(string body)
    {
        using var key = Key("signer");

        Assert.Throws<ArgumentException>(() => SignedStatement.Sign(Domain, body, key));
    }
}
