using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Offline.Protocol.Primitives;
using Offline.Protocol.Statements;
using Offline.Web.Tests.Browser;

namespace Offline.Web.Tests.App;

/// <summary>
/// A real relay of its own for the Security screen: it serves a copy of web/app.html whose one
/// <c>const RELEASE_KEY = '…';</c> line names a throwaway release key (the only change to the copy), the
/// release manifest at <see cref="ManifestPath"/> (Relay:Release:Manifest) and the canary at
/// <see cref="CanaryPath"/> (Relay:Canary:Path). The relay reads both files on every request, so a test
/// rewrites or deletes them between looks. Every key here is generated for the test and thrown away.
/// </summary>
internal sealed partial class SecurityRelay : IAsyncDisposable
{
    private readonly string folder;

    private SecurityRelay(string folder, RelayServer relay, P256SigningKey releaseKey, byte[] app)
    {
        this.folder = folder;
        Relay = relay;
        ReleaseKey = releaseKey;
        AppBytes = app;
    }

    public RelayServer Relay { get; }

    /// <summary>The key the served app copy trusts as its release key.</summary>
    public P256SigningKey ReleaseKey { get; }

    /// <summary>The served app copy's exact bytes.</summary>
    public byte[] AppBytes { get; }

    public string AppHash => Convert.ToHexStringLower(SHA256.HashData(AppBytes));

    public string ManifestPath => Path.Combine(folder, "offline-release.txt");

    public string CanaryPath => Path.Combine(folder, "canary.txt");

    public static async Task<SecurityRelay> StartAsync()
    {
        var folder = Directory.CreateTempSubdirectory("offline-security-").FullName;
        var releaseKey = P256SigningKey.Generate(SystemRandom.Instance);
        var web = Directory.CreateDirectory(Path.Combine(folder, "web")).FullName;
        var app = Encoding.UTF8.GetBytes(WithReleaseKey(await File.ReadAllTextAsync(BrowserFixture.WebAppPath), releaseKey.PublicKey));
        await File.WriteAllBytesAsync(Path.Combine(web, "app.html"), app);
        foreach (var companion in new[] { "sw.js", "manifest.webmanifest", "icon.svg" })
        {
            File.Copy(Path.Combine(Path.GetDirectoryName(BrowserFixture.WebAppPath)!, companion), Path.Combine(web, companion));
        }

        var relay = await RelayServer.StartAsync(new Dictionary<string, string>
        {
            ["Relay:App:Path"] = Path.Combine(web, "app.html"),
            ["Relay:Release:Manifest"] = Path.Combine(folder, "offline-release.txt"),
            ["Relay:Canary:Path"] = Path.Combine(folder, "canary.txt"),
        });
        return new SecurityRelay(folder, relay, releaseKey, app);
    }

    /// <summary>The app's text with its RELEASE_KEY line naming <paramref name="key"/>; throws unless there is exactly one such line.</summary>
    public static string WithReleaseKey(string app, P256PublicKey key)
    {
        var lines = ReleaseKeyLine().Matches(app);
        Assert.Single(lines);
        var line = StatementKey.FormatPublic(StatementKey.ReleasePurpose, key).TrimEnd('\n');
        return ReleaseKeyLine().Replace(app, $"const RELEASE_KEY = '{line}';");
    }

    /// <summary>The one RELEASE_KEY value in an app text.</summary>
    public static string ReleaseKeyIn(string app) => ReleaseKeyLine().Match(app).Groups["key"].Value;

    /// <summary>A manifest of a release whose web/app.html has <paramref name="appHash"/>, signed by <paramref name="signer"/>.</summary>
    public static byte[] Manifest(P256SigningKey signer, string appHash, string version = "0.9.0") =>
        new ReleaseManifest(version, new string('a', 40), signer.PublicKey,
        [
            new ReleaseFile("cli/Offline.Cli.dll", 123456, new string('1', 64)),
            new ReleaseFile("relay/Offline.Relay.dll", 654321, new string('2', 64)),
            new ReleaseFile("web/app.html", 300000, appHash),
        ]).Sign(signer);

    /// <summary>A canary issued <paramref name="issuedDaysAgo"/> days before today (UTC), signed by the key it names.</summary>
    public static byte[] Canary(P256SigningKey key, int issuedDaysAgo, int periodDays, string statement) =>
        new WarrantCanary(Today.AddDays(-issuedDaysAgo), periodDays, key.PublicKey, statement).Sign(key);

    public static DateOnly Today => DateOnly.FromDateTime(DateTime.UtcNow);

    public Task WriteManifestAsync(byte[] manifest) => File.WriteAllBytesAsync(ManifestPath, manifest);

    public Task WriteCanaryAsync(byte[] canary) => File.WriteAllBytesAsync(CanaryPath, canary);

    public void DeleteManifest() => File.Delete(ManifestPath);

    public void DeleteCanary() => File.Delete(CanaryPath);

    /// <summary>The same bytes with one bit of the byte at <paramref name="index"/> flipped (negative: from the end).</summary>
    public static byte[] Flipped(byte[] bytes, int index)
    {
        var copy = (byte[])bytes.Clone();
        copy[index < 0 ? copy.Length + index : index] ^= 0x01;
        return copy;
    }

    /// <summary>The same statement with one byte of its decoded signature flipped, re-encoded canonically (so only the signature is wrong).</summary>
    public static byte[] WithFlippedSignatureByte(byte[] statement)
    {
        var text = Encoding.UTF8.GetString(statement);
        var start = text.LastIndexOf("\nsignature ", StringComparison.Ordinal) + "\nsignature ".Length;
        var signature = Convert.FromBase64String(text[start..^1]);
        signature[10] ^= 0x01;
        return Encoding.UTF8.GetBytes(text[..start] + Convert.ToBase64String(signature) + "\n");
    }

    public async ValueTask DisposeAsync()
    {
        await Relay.DisposeAsync();
        ReleaseKey.Dispose();
        Directory.Delete(folder, recursive: true);
    }

    [GeneratedRegex(@"^const RELEASE_KEY = '(?<key>[^'\n]*)';$", RegexOptions.Multiline)]
    private static partial Regex ReleaseKeyLine();
}
