using System.Text;
using Offline.Protocol.Primitives;

namespace Offline.Protocol.Statements;

/// <summary>
/// The envelope shared by release manifests and warrant canaries: UTF-8 text with LF line ends whose
/// last line is <c>signature BASE64</c>, an ECDSA P-256/SHA-256 signature (IEEE P1363, 64 bytes) over
/// a domain string followed by every byte before that line. The domain keeps a signature made for
/// one kind of statement from being accepted as another.
/// </summary>
public static class SignedStatement
{
    private const string SignaturePrefix = "signature ";

    /// <summary>The body with its signature line appended: the whole file as written to disk.</summary>
    public static byte[] Sign(string domain, string body, P256SigningKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (!body.EndsWith('\n') || body.Contains('\r', StringComparison.Ordinal))
        {
            throw new ArgumentException("A statement body is LF-terminated lines.", nameof(body));
        }

        var bodyBytes = Encoding.UTF8.GetBytes(body);
        var signature = new byte[P256SigningKey.SignatureSize];
        key.Sign(SignedMessage(domain, bodyBytes), signature);
        return Encoding.UTF8.GetBytes(body + SignaturePrefix + Convert.ToBase64String(signature) + "\n");
    }

    /// <summary>
    /// Splits <paramref name="text"/> into its body and signature and checks the signature under
    /// <paramref name="key"/>. Malformed text gives <see cref="StatementError.Malformed"/>, a wrong
    /// signature <see cref="StatementError.BadSignature"/>; nothing throws on hostile bytes.
    /// </summary>
    public static StatementError Verify(string domain, ReadOnlySpan<byte> text, P256PublicKey key, out string body)
    {
        ArgumentNullException.ThrowIfNull(key);
        var error = Split(text, out body, out var signature);
        if (error != StatementError.None)
        {
            return error;
        }

        return P256SigningKey.Verify(key, SignedMessage(domain, Encoding.UTF8.GetBytes(body)), signature)
            ? StatementError.None
            : StatementError.BadSignature;
    }

    /// <summary>The body (every line before the signature line, strictly decoded) and the 64 signature bytes.</summary>
    public static StatementError Split(ReadOnlySpan<byte> text, out string body, out byte[] signature)
    {
        body = string.Empty;
        signature = [];
        string decoded;
        try
        {
            decoded = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(text);
        }
        catch (DecoderFallbackException)
        {
            return StatementError.Malformed;
        }

        // At least two characters: LastIndexOf below searches from Length - 2, which must be an index.
        if (decoded.Length < 2 || !decoded.EndsWith('\n') || decoded.Contains('\r', StringComparison.Ordinal) || decoded.Contains('\0', StringComparison.Ordinal))
        {
            return StatementError.Malformed;
        }

        var lastLineStart = decoded.LastIndexOf('\n', decoded.Length - 2) + 1;
        var lastLine = decoded[lastLineStart..^1];
        if (lastLineStart == 0 || !lastLine.StartsWith(SignaturePrefix, StringComparison.Ordinal))
        {
            return StatementError.Malformed;
        }

        var encoded = lastLine[SignaturePrefix.Length..];
        var bytes = new byte[P256SigningKey.SignatureSize];
        if (!Convert.TryFromBase64String(encoded, bytes, out var written) || written != bytes.Length || Convert.ToBase64String(bytes) != encoded)
        {
            return StatementError.Malformed;
        }

        body = decoded[..lastLineStart];
        signature = bytes;
        return StatementError.None;
    }

    internal static bool IsSignatureLine(string line) => line.StartsWith(SignaturePrefix, StringComparison.Ordinal);

    private static byte[] SignedMessage(string domain, byte[] body)
    {
        var prefix = Encoding.UTF8.GetBytes(domain);
        var message = new byte[prefix.Length + body.Length];
        prefix.CopyTo(message, 0);
        body.CopyTo(message, prefix.Length);
        return message;
    }
}
