namespace Offline.Protocol.Wire;

/// <summary>FetchBundle body: the ID's fingerprint (<see cref="Limits.IdFingerprintSize"/> bytes).</summary>
public sealed class FetchBundleRequest
{
    public FetchBundleRequest(byte[] fingerprint)
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(fingerprint.Length, Limits.IdFingerprintSize, nameof(fingerprint));
        Fingerprint = fingerprint;
    }

    public byte[] Fingerprint { get; }

    public byte[] Encode() => (byte[])Fingerprint.Clone();

    public static bool TryParse(ReadOnlySpan<byte> body, out FetchBundleRequest? request)
    {
        request = body.Length == Limits.IdFingerprintSize ? new FetchBundleRequest(body.ToArray()) : null;
        return request is not null;
    }
}
