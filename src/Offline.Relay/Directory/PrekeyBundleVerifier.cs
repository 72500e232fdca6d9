using Offline.Protocol.Identity;
using Offline.Protocol.Primitives;

namespace Offline.Relay.Directory;

/// <summary><see cref="IBundleVerifier"/> over the protocol library's <see cref="PrekeyBundle"/>.</summary>
internal sealed class PrekeyBundleVerifier : IBundleVerifier
{
    public bool TryVerify(ReadOnlySpan<byte> bundle, ReadOnlySpan<byte> signedMessage, ReadOnlySpan<byte> signature, out VerifiedBundle? verified)
    {
        verified = null;
        if (!PrekeyBundle.TryParse(bundle, out var parsed, out _) || parsed is null
            || !P256SigningKey.Verify(parsed.Identity.SigningKey, signedMessage, signature))
        {
            return false;
        }

        verified = new VerifiedBundle(
            parsed.Id.Fingerprint.ToArray(),
            parsed.WithOneTimePrekeys([]).Encode(),
            [.. parsed.OneTimePrekeys.Select(p => p.Encode())]);
        return true;
    }

    public byte[] Assemble(byte[] baseBundle, byte[]? oneTimePrekey)
    {
        if (oneTimePrekey is null)
        {
            return baseBundle;
        }

        // Both halves were verified when published; parsing again only rebuilds the structure.
        if (!PrekeyBundle.TryParse(baseBundle, out var parsed, out _) || parsed is null
            || !OneTimePrekey.TryParse(oneTimePrekey, out var prekey) || prekey is null)
        {
            throw new InvalidOperationException("stored bundle no longer parses");
        }

        return parsed.WithOneTimePrekeys([prekey]).Encode();
    }
}
