using System.Security.Cryptography;
using System.Text;
using Offline.Protocol.Primitives;

namespace Offline.Protocol.Statements;

/// <summary>
/// The key files of signed statements, one line each: <c>offline-key v1 PURPOSE BASE64(65-byte SEC1 point)</c>
/// for a public key and <c>offline-secret-key v1 PURPOSE BASE64(32-byte scalar)</c> for its private half.
/// PURPOSE is <c>release</c> (the project's release key) or <c>canary</c> (a relay operator's canary key),
/// so a key made for one is never read as the other.
/// </summary>
public static class StatementKey
{
    public const string ReleasePurpose = "release";
    public const string CanaryPurpose = "canary";

    private const int FingerprintBytes = 16;
    private const int ScalarSize = 32;

    public static string FormatPublic(string purpose, P256PublicKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        CheckPurpose(purpose);
        return $"offline-key v1 {purpose} {Convert.ToBase64String(key.Encoded)}\n";
    }

    /// <summary>The private half as its file line; the caller writes it with owner-only permissions and zeroes nothing it does not own.</summary>
    public static string FormatSecret(string purpose, P256SigningKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        CheckPurpose(purpose);
        var scalar = new byte[ScalarSize];
        try
        {
            key.ExportPrivateKey(scalar);
            return $"offline-secret-key v1 {purpose} {Convert.ToBase64String(scalar)}\n";
        }
        finally
        {
            CryptographicOperations.ZeroMemory(scalar);
        }
    }

    public static bool TryParsePublic(string text, string purpose, out P256PublicKey? key)
    {
        key = null;
        var value = Field(text, "offline-key", purpose);
        var bytes = new byte[P256PublicKey.EncodedSize];
        return value is not null
            && Convert.TryFromBase64String(value, bytes, out var written) && written == bytes.Length
            && Convert.ToBase64String(bytes) == value
            && P256PublicKey.TryParse(bytes, out key);
    }

    /// <summary>The signing key of a secret key file, or null when the text is not one for <paramref name="purpose"/>.</summary>
    public static P256SigningKey? ParseSecret(string text, string purpose)
    {
        var value = Field(text, "offline-secret-key", purpose);
        var scalar = new byte[ScalarSize];
        try
        {
            if (value is null || !Convert.TryFromBase64String(value, scalar, out var written) || written != ScalarSize
                || value.Any(char.IsWhiteSpace))
            {
                return null;
            }

            return P256SigningKey.FromPrivateKey(scalar);
        }
        catch (ArgumentException)
        {
            return null; // zero or ≥ n: not a private key
        }
        catch (CryptographicException)
        {
            return null;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(scalar);
        }
    }

    /// <summary>What people compare: the first 16 bytes of SHA-256 of the encoded key, hex in groups of four.</summary>
    public static string Fingerprint(P256PublicKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var hex = Convert.ToHexStringLower(SHA256.HashData(key.Encoded), 0, FingerprintBytes);
        var grouped = new StringBuilder();
        for (var i = 0; i < hex.Length; i += 4)
        {
            grouped.Append(i == 0 ? string.Empty : " ").Append(hex, i, 4);
        }

        return grouped.ToString();
    }

    /// <summary>The BASE64 field of a one-line key file; the caller also requires it to be canonical (TryFromBase64String would skip whitespace in it).</summary>
    private static string? Field(string text, string kind, string purpose)
    {
        ArgumentNullException.ThrowIfNull(text);
        CheckPurpose(purpose);
        var line = text.EndsWith('\n') ? text[..^1] : text;
        var parts = line.Split(' ');
        return parts.Length == 4 && parts[0] == kind && parts[1] == "v1" && parts[2] == purpose ? parts[3] : null;
    }

    private static void CheckPurpose(string purpose)
    {
        if (purpose is not (ReleasePurpose or CanaryPurpose))
        {
            throw new ArgumentException($"Key purpose is '{ReleasePurpose}' or '{CanaryPurpose}'.", nameof(purpose));
        }
    }
}
