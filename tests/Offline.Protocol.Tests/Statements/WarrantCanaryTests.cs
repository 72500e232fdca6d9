using System.Text;
using Offline.Protocol.Primitives;
using Offline.Protocol.Statements;

namespace Offline.Protocol.Tests.Statements;

/// <summary>The canary format: round trip, freshness at the boundary days, and every way to forge or bend one refused.</summary>
public sealed class WarrantCanaryTests : IDisposable
{
    private static readonly DateOnly Issued = new(2026, 3, 10);
    private readonly P256SigningKey key = P256SigningKey.Generate(SystemRandom.Instance);

    public void Dispose() => key.Dispose();

    [Fact]
    public void TryParse_SignedCanary_RoundTripsEveryField()
    {
        var signed = Canary(30, "No warrants.\nNo logs.").Sign(key);

        Assert.Equal(StatementError.None, WarrantCanary.TryParse(signed, out var parsed));
        Assert.Equal(Issued, parsed!.Issued);
        Assert.Equal(30, parsed.PeriodDays);
        Assert.Equal(Issued.AddDays(30), parsed.ExpiresOn);
        Assert.Equal(key.PublicKey, parsed.Key);
        Assert.Equal("No warrants.\nNo logs.", parsed.Statement);
        Assert.Equal(Body(signed), Body(parsed.Sign(key)));
    }

    [Theory]
    [InlineData(-2, CanaryFreshness.FromTheFuture)]
    [InlineData(-1, CanaryFreshness.Fresh)]
    [InlineData(0, CanaryFreshness.Fresh)]
    [InlineData(29, CanaryFreshness.Fresh)]
    [InlineData(30, CanaryFreshness.Expired)]
    [InlineData(400, CanaryFreshness.Expired)]
    public void FreshnessOn_DaysAfterIssued_FreshUntilThePeriodEnds(int daysAfterIssued, CanaryFreshness expected) =>
        Assert.Equal(expected, Canary(30, "ok").FreshnessOn(Issued.AddDays(daysAfterIssued)));

    [Fact]
    public void TryParse_AnyByteFlipped_Refused()
    {
        var signed = Canary(30, "statement").Sign(key);
        for (var i = 0; i < signed.Length; i++)
        {
            var tampered = (byte[])signed.Clone();
            tampered[i] ^= 0x01;
            Assert.NotEqual(StatementError.None, WarrantCanary.TryParse(tampered, out var canary));
            Assert.Null(canary);
        }
    }

    [Fact]
    public void TryParse_ManifestDomainSignatureOverCanaryBody_BadSignature()
    {
        var signed = Encoding.UTF8.GetString(Canary(30, "statement").Sign(key));
        var body = signed[..(signed.LastIndexOf("signature ", StringComparison.Ordinal))];

        var crossDomain = SignedStatement.Sign(ReleaseManifest.Domain, body, key);

        Assert.Equal(StatementError.BadSignature, WarrantCanary.TryParse(crossDomain, out _));
        Assert.Equal(StatementError.None, WarrantCanary.TryParse(SignedStatement.Sign(WarrantCanary.Domain, body, key), out _));
    }

    [Fact]
    public void TryParse_SignedByAnotherKeyThanNamed_BadSignature()
    {
        using var other = P256SigningKey.Generate(SystemRandom.Instance);
        var signed = Encoding.UTF8.GetString(Canary(30, "statement").Sign(key));
        var body = signed[..(signed.LastIndexOf("signature ", StringComparison.Ordinal))];

        Assert.Equal(StatementError.BadSignature, WarrantCanary.TryParse(SignedStatement.Sign(WarrantCanary.Domain, body, other), out _));
    }

    [Theory]
    [InlineData("signature AAAA")]
    [InlineData("fine\nsignature of the operator")]
    [InlineData("")]
    [InlineData("bell\a")]
    [InlineData("carriage\r\nreturn")]
    [InlineData("trailing space \nline")]
    public void Constructor_StatementThatCouldPassForAnotherLineOrIsNotText_Throws(string statement) =>
        Assert.Throws<ArgumentException>(() => Canary(30, statement));

    [Theory]
    [InlineData(0)]
    [InlineData(367)]
    public void Constructor_PeriodOutOfRange_Throws(int period) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Canary(period, "ok"));

    [Fact]
    public void Sign_ByAnotherKeyThanNamed_Throws()
    {
        using var other = P256SigningKey.Generate(SystemRandom.Instance);
        Assert.Throws<ArgumentException>(() => Canary(30, "ok").Sign(other));
    }

    [Theory]
    [InlineData("period-days 30\n", "period-days 030\n")]
    [InlineData("period-days 30\n", "period-days +30\n")]
    [InlineData("period-days 30\n", "period-days 0\n")]
    [InlineData("period-days 30\n", "period-days 367\n")]
    [InlineData("No logs.\n", "No logs. \n")]
    [InlineData("No logs.\n", "No logs.\n\n")]
    [InlineData("issued 2026-03-10\n", "issued 2026-3-10\n")]
    [InlineData("statement\n", "statement:\n")]
    [InlineData("No logs.\n", "No logs.\t\n")]
    public void TryParse_NonCanonicalBodyEvenWhenWellSigned_Malformed(string canonical, string variant)
    {
        var body = Body(Canary(30, "No logs.").Sign(key)).Replace(canonical, variant, StringComparison.Ordinal);

        var resigned = SignedStatement.Sign(WarrantCanary.Domain, body, key);

        Assert.Equal(StatementError.Malformed, WarrantCanary.TryParse(resigned, out _));
    }

    [Fact]
    public void TryParse_CrlfLineEnds_Malformed()
    {
        var crlf = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(Canary(30, "ok").Sign(key)).Replace("\n", "\r\n", StringComparison.Ordinal));

        Assert.Equal(StatementError.Malformed, WarrantCanary.TryParse(crlf, out _));
    }

    [Fact]
    public void TryParse_TrailingSpaceAfterSignature_Malformed()
    {
        var text = Encoding.UTF8.GetString(Canary(30, "ok").Sign(key));

        Assert.Equal(StatementError.Malformed, WarrantCanary.TryParse(Encoding.UTF8.GetBytes(text[..^1] + " \n"), out _));
    }

    [Fact]
    public void TryParse_NewerVersion_UnknownVersion()
    {
        var body = Body(Canary(30, "ok").Sign(key)).Replace("offline-canary v1", "offline-canary v2", StringComparison.Ordinal);

        Assert.Equal(StatementError.UnknownVersion, WarrantCanary.TryParse(SignedStatement.Sign(WarrantCanary.Domain, body, key), out _));
    }

    [Fact]
    public void TryParse_Over4096Bytes_TooLargeAndSignRefuses()
    {
        var longStatement = string.Join('\n', Enumerable.Repeat(new string('x', 100), 45));
        var body = Body(Canary(30, "ok").Sign(key)).Replace("ok\n", longStatement + "\n", StringComparison.Ordinal);
        var signed = SignedStatement.Sign(WarrantCanary.Domain, body, key);

        Assert.True(signed.Length > StatementLimits.MaxCanaryBytes);
        Assert.Equal(StatementError.TooLarge, WarrantCanary.TryParse(signed, out _));
        Assert.Throws<ArgumentException>(() => Canary(30, longStatement).Sign(key));
    }

    [Fact]
    public void TryParse_HostileBytes_NeverThrows()
    {
        foreach (var text in new[] { "", "\n", "signature \n", "offline-canary v1\nsignature AAAA\n", "\u00ff\u00fe" })
        {
            Assert.NotEqual(StatementError.None, WarrantCanary.TryParse(Encoding.UTF8.GetBytes(text), out _));
        }

        Assert.Equal(StatementError.Malformed, WarrantCanary.TryParse([0xff, 0xfe, 0x0a], out _));
    }

    private WarrantCanary Canary(int period, string statement) => new(Issued, period, key.PublicKey, statement);

    private static string Body(byte[] signed)
    {
        var text = Encoding.UTF8.GetString(signed);
        return text[..(text.LastIndexOf("signature ", StringComparison.Ordinal))];
    }
}
