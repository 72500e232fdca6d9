using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Offline.Relay.App;

/// <summary>
/// The headers of everything the web app is made of. The policy lets the page load and connect to
/// nothing but its own origin; its inline script and style are allowed by their SHA-256, computed from
/// the bytes being served, so no other inline code could run even if injected.
/// </summary>
internal static partial class WebAppHeaders
{
    /// <summary>For the manifest, the service worker and the icon: same origin only, no inline code.</summary>
    public const string CompanionPolicy = "default-src 'none'; connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    public static void Apply(HttpResponse response, string policy)
    {
        response.Headers.ContentSecurityPolicy = policy;
        response.Headers["Referrer-Policy"] = "no-referrer";
        response.Headers["X-Content-Type-Options"] = "nosniff";
        response.Headers["Cross-Origin-Opener-Policy"] = "same-origin";
        // The camera scans QR codes, the microphone records voice notes; both only for the page itself, never a frame.
        response.Headers["Permissions-Policy"] = "camera=(self), microphone=(self), geolocation=()";
        // Revalidate every time: the hash shown in Settings is of the file just served, never a stale copy.
        response.Headers.CacheControl = "no-cache";
    }

    /// <summary>The page's policy: its &lt;script&gt; and &lt;style&gt; blocks by hash, everything else 'self' (workers also blob:, made by the page).</summary>
    public static string PolicyFor(byte[] page)
    {
        var html = Encoding.UTF8.GetString(page);
        var scripts = Sources(ScriptBlock().Matches(html));
        var styles = Sources(StyleBlock().Matches(html));
        return $"default-src 'none'; script-src {scripts}; style-src {styles}; connect-src 'self'; img-src 'self' data:; "
            + "worker-src 'self' blob:; manifest-src 'self'; media-src 'self' blob:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
    }

    private static string Sources(MatchCollection blocks) =>
        blocks.Count == 0 ? "'none'" : string.Join(' ', blocks.Select(m => Source(m.Groups[1].Value)));

    private static string Source(string block) => $"'sha256-{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(block)))}'";

    [GeneratedRegex(@"<script>(.*?)</script>", RegexOptions.Singleline)]
    private static partial Regex ScriptBlock();

    [GeneratedRegex(@"<style>(.*?)</style>", RegexOptions.Singleline)]
    private static partial Regex StyleBlock();
}
