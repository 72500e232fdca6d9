using Offline.Protocol.Identity;
using Offline.Protocol.Primitives;
using Offline.Relay.Store;

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

    public bool VerifyIdentitySignature(byte[] baseBundle, ReadOnlySpan<byte> signedMessage, ReadOnlySpan<byte> signature) =>
        P256SigningKey.Verify(ParseStored(baseBundle).Identity.SigningKey, signedMessage, signature);

    public bool TryVerifyPrekeys(byte[] baseBundle, IReadOnlyList<OneTimePrekey> prekeys, out IReadOnlyList<StoredPrekey>? verified)
    {
        verified = null;
        if (prekeys.Count > 0)
        {
            // The bundle parser checks every one-time prekey's signature under the bundle's own
            // identity: the stored bundle carrying the new prekeys parses only if each is signed by it.
            var candidate = ParseStored(baseBundle).WithOneTimePrekeys(prekeys).Encode();
            if (!PrekeyBundle.TryParse(candidate, out _, out _))
            {
                return false;
            }
        }

        verified = [.. prekeys.Select(p => new StoredPrekey(p.Id, p.Encode()))];
        return true;
    }

    public byte[] Assemble(byte[] baseBundle, byte[]? oneTimePrekey)
    {
        if (oneTimePrekey is null)
        {
            return baseBundle;
        }

        if (!OneTimePrekey.TryParse(oneTimePrekey, out var prekey) || prekey is null)
        {
            throw new InvalidOperationException("stored one-time prekey no longer parses");
        }

        return ParseStored(baseBundle).WithOneTimePrekeys([prekey]).Encode();
    }

    /// <summary>A base bundle from the store: verified when published, so parsing again only rebuilds the structure.</summary>
    private static PrekeyBundle ParseStored(byte[] baseBundle) =>
        PrekeyBundle.TryParse(baseBundle, out var parsed, out _) && parsed is not null
            ? parsed
            : throw new InvalidOperationException("stored bundle no longer parses");
}
