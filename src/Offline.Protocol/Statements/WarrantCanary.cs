using System.Globalization;
using System.Text;
using Offline.Protocol.Primitives;

namespace Offline.Protocol.Statements;

/// <summary>
/// A relay operator's signed, dated statement (docs/PROTOCOL.md Part 4). The body:
/// <code>
/// offline-canary v1
/// issued YYYY-MM-DD
/// period-days N
/// key BASE64(operator's canary public key)
/// statement
/// any lines of text…
/// </code>
/// then the <see cref="SignedStatement"/> signature line under domain <see cref="Domain"/>, by the key
/// the canary names. Clients pin that key per relay on first sight (docs/THREAT-MODEL.md).
/// </summary>
public sealed class WarrantCanary
{
    public const string Domain = "Offline/Canary/v1\n";

    private const string Header = "offline-canary v1";
    private const string DateFormat = "yyyy-MM-dd";

    public WarrantCanary(DateOnly issued, int periodDays, P256PublicKey key, string statement)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(statement);
        ArgumentOutOfRangeException.ThrowIfLessThan(periodDays, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(periodDays, StatementLimits.MaxCanaryPeriodDays);
        if (!IsStatementText(statement))
        {
            throw new ArgumentException("A canary statement is non-empty text of printable lines, none starting with 'signature ' or ending in a space or tab.", nameof(statement));
        }

        Issued = issued;
        PeriodDays = periodDays;
        Key = key;
        Statement = statement.TrimEnd('\n');
    }

    public DateOnly Issued { get; }

    public int PeriodDays { get; }

    /// <summary>The first day on which the canary no longer holds.</summary>
    public DateOnly ExpiresOn => Issued.AddDays(PeriodDays);

    public P256PublicKey Key { get; }

    /// <summary>The operator's words, lines joined by LF, no trailing newline.</summary>
    public string Statement { get; }

    public CanaryFreshness FreshnessOn(DateOnly today) =>
        Issued.DayNumber - today.DayNumber > StatementLimits.MaxCanaryFutureDays ? CanaryFreshness.FromTheFuture
        : today < ExpiresOn ? CanaryFreshness.Fresh
        : CanaryFreshness.Expired;

    public byte[] Sign(P256SigningKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (!key.PublicKey.Equals(Key))
        {
            throw new ArgumentException("The canary names another key than the one signing it.", nameof(key));
        }

        var signed = SignedStatement.Sign(Domain, Body(), key);
        return signed.Length <= StatementLimits.MaxCanaryBytes
            ? signed
            : throw new ArgumentException($"A signed canary is at most {StatementLimits.MaxCanaryBytes} bytes; shorten the statement.", nameof(key));
    }

    /// <summary>Parses a canary and checks it is signed by the key it names; whether that key is the pinned one is the caller's check.</summary>
    public static StatementError TryParse(ReadOnlySpan<byte> text, out WarrantCanary? canary)
    {
        canary = null;
        if (text.Length > StatementLimits.MaxCanaryBytes)
        {
            return StatementError.TooLarge;
        }

        var split = SignedStatement.Split(text, out var body, out _);
        if (split != StatementError.None)
        {
            return split;
        }

        var lines = body[..^1].Split('\n');
        if (lines[0] != Header)
        {
            return lines[0].StartsWith("offline-canary ", StringComparison.Ordinal) ? StatementError.UnknownVersion : StatementError.Malformed;
        }

        if (!TryFields(lines, out var issued, out var period, out var key))
        {
            return StatementError.Malformed;
        }

        var verified = SignedStatement.Verify(Domain, text, key!, out _);
        if (verified != StatementError.None)
        {
            return verified;
        }

        try
        {
            var parsed = new WarrantCanary(issued, period, key!, string.Join('\n', lines[5..]));
            if (parsed.Body() != body)
            {
                return StatementError.Malformed;
            }

            canary = parsed;
            return StatementError.None;
        }
        catch (ArgumentException)
        {
            return StatementError.Malformed;
        }
    }

    private static bool TryFields(string[] lines, out DateOnly issued, out int period, out P256PublicKey? key)
    {
        issued = default;
        period = 0;
        key = null;
        var keyBytes = new byte[P256PublicKey.EncodedSize];
        return lines.Length >= 6
            && lines[1].StartsWith("issued ", StringComparison.Ordinal)
            && DateOnly.TryParseExact(lines[1]["issued ".Length..], DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out issued)
            && lines[2].StartsWith("period-days ", StringComparison.Ordinal)
            && int.TryParse(lines[2]["period-days ".Length..], NumberStyles.None, CultureInfo.InvariantCulture, out period)
            && period is >= 1 and <= StatementLimits.MaxCanaryPeriodDays
            && lines[3].StartsWith("key ", StringComparison.Ordinal)
            && Convert.TryFromBase64String(lines[3]["key ".Length..], keyBytes, out var written) && written == keyBytes.Length
            && P256PublicKey.TryParse(keyBytes, out key)
            && lines[4] == "statement";
    }

    private string Body() =>
        new StringBuilder()
            .Append(Header).Append('\n')
            .Append("issued ").Append(Issued.ToString(DateFormat, CultureInfo.InvariantCulture)).Append('\n')
            .Append("period-days ").Append(PeriodDays.ToString(CultureInfo.InvariantCulture)).Append('\n')
            .Append("key ").Append(Convert.ToBase64String(Key.Encoded)).Append('\n')
            .Append("statement\n")
            .Append(Statement).Append('\n')
            .ToString();

    /// <summary>
    /// Printable lines, none that could pass for the signature line, none with trailing blanks: a reader
    /// cannot see trailing blanks, so two canaries that look the same must be the same bytes.
    /// </summary>
    private static bool IsStatementText(string statement)
    {
        var trimmed = statement.TrimEnd('\n');
        return trimmed.Length > 0
            && trimmed.Split('\n').All(line => !SignedStatement.IsSignatureLine(line) && !line.Any(c => char.IsControl(c) && c != '\t')
                && !line.EndsWith(' ') && !line.EndsWith('\t'));
    }
}
