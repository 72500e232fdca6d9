using System.Globalization;
using Offline.Protocol.Statements;

namespace Offline.Relay.Canary;

/// <summary>
/// What the operator's tools say about a canary file: `canary show`, and the relay's one startup check.
/// The relay never refuses to serve on these grounds (clients judge); this only tells the operator early.
/// </summary>
internal static class CanaryInspection
{
    public const string RenewHint = "renew it with ./offline-relay canary sign";

    /// <summary>The parsed canary, or null with what is wrong with the file, in words.</summary>
    public static WarrantCanary? Read(string path, out string? problem)
    {
        problem = null;
        byte[] bytes;
        try
        {
            if (!File.Exists(path))
            {
                problem = $"canary file {path} is missing";
                return null;
            }

            if (new FileInfo(path).Length > StatementLimits.MaxCanaryBytes)
            {
                problem = $"canary file {path} is larger than {StatementLimits.MaxCanaryBytes} bytes (clients see no canary)";
                return null;
            }

            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            problem = $"canary file {path} cannot be read ({e.GetType().Name})";
            return null;
        }

        var error = WarrantCanary.TryParse(bytes, out var canary);
        problem = error switch
        {
            StatementError.None => null,
            StatementError.BadSignature => $"canary file {path} is badly signed: its signature does not verify under the key it names",
            StatementError.UnknownVersion => $"canary file {path} is of a version this relay does not know",
            StatementError.TooLarge => $"canary file {path} is larger than {StatementLimits.MaxCanaryBytes} bytes",
            _ => $"canary file {path} is malformed (not a signed offline-canary v1 statement)",
        };
        return canary;
    }

    /// <summary>Why a well-formed canary is not fresh today, or null when it is.</summary>
    public static string? Staleness(WarrantCanary canary, DateOnly today) => canary.FreshnessOn(today) switch
    {
        CanaryFreshness.Expired => $"the canary expired on {Day(canary.ExpiresOn)} (issued {Day(canary.Issued)}, valid {canary.PeriodDays} days)",
        CanaryFreshness.FromTheFuture => $"the canary is dated {Day(canary.Issued)}, later than today ({Day(today)}): check this machine's clock and the --issued date",
        _ => null,
    };

    /// <summary>The one stderr line at startup when something is wrong, else null.</summary>
    public static string? StartupWarning(string path, DateOnly today)
    {
        var canary = Read(path, out var problem);
        problem ??= Staleness(canary!, today);
        return problem is null ? null : $"offline-relay: warning: {problem}; clients will warn their users. It is still served as it is; {RenewHint}.";
    }

    /// <summary>The startup fact: whether a canary is served and under which key; no dates of activity.</summary>
    public static string StartupFact(CanaryFile file)
    {
        if (file.Path is null)
        {
            return "canary: none";
        }

        var canary = Read(file.Path, out _);
        return canary is null ? "canary: configured, not valid" : $"canary: served, key {StatementKey.Fingerprint(canary.Key)}";
    }

    public static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
