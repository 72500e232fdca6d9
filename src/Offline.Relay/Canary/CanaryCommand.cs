using System.Globalization;
using Offline.Protocol.Primitives;
using Offline.Protocol.Statements;

namespace Offline.Relay.Canary;

/// <summary>
/// <c>./offline-relay canary keygen|sign|show</c>: the operator's tools for the warrant canary
/// (docs/RELAY.md, "Warrant canary"). Run before the host is built, so nothing listens. Exit codes:
/// 0 done (show: fresh), 1 failed (show: not fresh, or invalid), 2 usage.
/// </summary>
internal static partial class CanaryCommand
{
    public const string Usage =
        "usage: offline-relay canary keygen --out SECRET-KEY-FILE\n" +
        "       offline-relay canary sign --key SECRET-KEY-FILE [--statement FILE|-] [--period-days N] [--issued YYYY-MM-DD] --out CANARY-FILE\n" +
        "       offline-relay canary show CANARY-FILE";

    private const int DefaultPeriodDays = 30;

    /// <summary>Said when no --statement is given; the issued date and period travel as fields of their own.</summary>
    public const string DefaultStatement =
        "The operator of this relay has received no warrant, subpoena, national security letter or court order,\n" +
        "no gag order, and no request from any authority for user data or for access to this relay.\n" +
        "This relay keeps no logs of client addresses.\n" +
        "If this statement is not renewed before it expires, assume it is no longer true.";

    public static int Run(string[] args, TimeProvider clock)
    {
        try
        {
            return args.FirstOrDefault() switch
            {
                "keygen" => KeyGen(Options.Parse(args[1..], ["--out"])),
                "sign" => Sign(Options.Parse(args[1..], ["--key", "--statement", "--period-days", "--issued", "--out"]), Today(clock)),
                "show" when args.Length == 2 && !args[1].StartsWith("--", StringComparison.Ordinal) => Show(args[1], Today(clock)),
                _ => throw new UsageException(args.FirstOrDefault() is { } verb and not ("keygen" or "sign" or "show") ? $"unknown canary command '{verb}'" : "missing or extra arguments"),
            };
        }
        catch (UsageException e)
        {
            Console.Error.WriteLine($"offline-relay canary: {e.Message}\n{Usage}");
            return 2;
        }
        catch (CanaryToolException e)
        {
            Console.Error.WriteLine($"offline-relay canary: {e.Message}");
            return 1;
        }
    }

    private static int KeyGen(Options options)
    {
        var path = options.Required("--out");
        using var key = P256SigningKey.Generate(SystemRandom.Instance);
        var secret = StatementKey.FormatSecret(StatementKey.CanaryPurpose, key);
        try
        {
            // CreateNew: an existing key is never overwritten (it may be the one clients pinned).
            var create = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                create.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            using var file = new FileStream(path, create);
            using var writer = new StreamWriter(file);
            writer.Write(secret);
        }
        catch (IOException) when (File.Exists(path))
        {
            throw new CanaryToolException($"{path} already exists; refusing to overwrite a key (clients pinned its public half). Choose another --out, or delete it yourself if you mean to replace the key.");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CanaryToolException($"cannot write {path} ({e.Message})");
        }

        Console.WriteLine($"wrote the canary secret key to {path} (owner-only); keep it off the relay if you can, and back it up.");
        Console.Write(StatementKey.FormatPublic(StatementKey.CanaryPurpose, key.PublicKey));
        Console.WriteLine($"fingerprint {StatementKey.Fingerprint(key.PublicKey)}");
        return 0;
    }

    private static int Sign(Options options, DateOnly today)
    {
        var keyPath = options.Required("--key");
        var outPath = options.Required("--out");
        var period = options.Value("--period-days") is { } p ? ParsePeriod(p) : DefaultPeriodDays;
        var issued = options.Value("--issued") is { } i ? ParseDate(i) : today;
        var statement = options.Value("--statement") is { } s ? ReadStatement(s) : DefaultStatement;

        using var key = ReadKey(keyPath);
        WarrantCanary canary;
        byte[] signed;
        try
        {
            canary = new WarrantCanary(issued, period, key.PublicKey, statement);
            signed = canary.Sign(key);
        }
        catch (ArgumentException e)
        {
            throw new CanaryToolException($"statement refused: {e.Message.Split(" (Parameter", 2)[0]} Use plain printable lines with LF line ends.");
        }

        WriteAtomically(outPath, signed);
        Console.WriteLine($"wrote {outPath}: issued {CanaryInspection.Day(canary.Issued)}, valid {canary.PeriodDays} days (until {CanaryInspection.Day(canary.ExpiresOn.AddDays(-1))}), key {StatementKey.Fingerprint(canary.Key)}");
        if (CanaryInspection.Staleness(canary, today) is { } stale)
        {
            Console.Error.WriteLine($"offline-relay canary: warning: {stale}.");
        }

        return 0;
    }

    private static int Show(string path, DateOnly today)
    {
        var canary = CanaryInspection.Read(path, out var problem);
        if (canary is null)
        {
            Console.WriteLine("status   invalid");
            Console.Error.WriteLine($"offline-relay canary: {problem}; {CanaryInspection.RenewHint}.");
            return 1;
        }

        var stale = CanaryInspection.Staleness(canary, today);
        Console.WriteLine($"status       {canary.FreshnessOn(today) switch { CanaryFreshness.Fresh => "fresh", CanaryFreshness.Expired => "expired", _ => "from the future" }}");
        Console.WriteLine($"issued       {CanaryInspection.Day(canary.Issued)}");
        Console.WriteLine($"valid until  {CanaryInspection.Day(canary.ExpiresOn.AddDays(-1))} (expires {CanaryInspection.Day(canary.ExpiresOn)}; period {canary.PeriodDays} days)");
        Console.WriteLine($"fingerprint  {StatementKey.Fingerprint(canary.Key)}");
        Console.WriteLine("statement");
        foreach (var line in canary.Statement.Split('\n'))
        {
            Console.WriteLine("  " + line);
        }

        if (stale is not null)
        {
            Console.Error.WriteLine($"offline-relay canary: {stale}; {CanaryInspection.RenewHint}.");
            return 1;
        }

        return 0;
    }

    private static P256SigningKey ReadKey(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CanaryToolException($"cannot read the key file {path} ({e.GetType().Name}); make one with ./offline-relay canary keygen --out FILE");
        }

        // Never echo the file: it holds the secret.
        return StatementKey.ParseSecret(text, StatementKey.CanaryPurpose)
            ?? throw new CanaryToolException($"{path} is not a canary secret key file (offline-secret-key v1 canary …); make one with ./offline-relay canary keygen --out FILE");
    }

    private static string ReadStatement(string source)
    {
        try
        {
            return source == "-" ? Console.In.ReadToEnd() : File.ReadAllText(source);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CanaryToolException($"cannot read the statement {source} ({e.GetType().Name})");
        }
    }

    private static int ParsePeriod(string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var days) && days is >= 1 and <= StatementLimits.MaxCanaryPeriodDays
            ? days
            : throw new UsageException($"--period-days takes a whole number of days from 1 to {StatementLimits.MaxCanaryPeriodDays}; got '{text}'");

    private static DateOnly ParseDate(string text) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
            ? day
            : throw new UsageException($"--issued takes a date as YYYY-MM-DD; got '{text}'");

    /// <summary>The relay reads the file on every request: write beside it and rename, so it never serves half a canary.</summary>
    private static void WriteAtomically(string path, byte[] bytes)
    {
        var full = Path.GetFullPath(path);
        var temporary = full + ".tmp";
        try
        {
            File.WriteAllBytes(temporary, bytes);
            File.Move(temporary, full, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            File.Delete(temporary);
            throw new CanaryToolException($"cannot write {path} ({e.Message})");
        }
    }

    private static DateOnly Today(TimeProvider clock) => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
}
