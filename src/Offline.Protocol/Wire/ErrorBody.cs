using System.Text;

namespace Offline.Protocol.Wire;

/// <summary>Error body: code (2) || UTF-8 reason (the rest, at most <see cref="MaxReasonBytes"/>).</summary>
public sealed class ErrorBody
{
    public const int MaxReasonBytes = 200;

    public ErrorBody(RelayErrorCode code, string reason)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(Encoding.UTF8.GetByteCount(reason), MaxReasonBytes, nameof(reason));
        Code = code;
        Reason = reason;
    }

    public RelayErrorCode Code { get; }

    public string Reason { get; }

    public byte[] Encode() => new ByteWriter().U16((ushort)Code).Bytes(Encoding.UTF8.GetBytes(Reason)).ToArray();

    public static bool TryParse(ReadOnlySpan<byte> body, out ErrorBody? error)
    {
        error = null;
        if (body.Length < 2 || body.Length > 2 + MaxReasonBytes)
        {
            return false;
        }

        var reader = new ByteReader(body);
        var code = (RelayErrorCode)reader.U16();
        try
        {
            var reason = new UTF8Encoding(false, true).GetString(reader.TakeRest());
            error = new ErrorBody(code, reason);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }
}
