using Offline.Protocol.Identity;
using Offline.Relay.Store;

namespace Offline.Relay.Directory;

/// <summary>The relay's only use of the identity layer: checking a published bundle or a top-up, and rebuilding a bundle to hand out.</summary>
internal interface IBundleVerifier
{
    /// <summary>
    /// True when the bundle parses (version, points, signatures, keys hashing to its ID) and
    /// <paramref name="signature"/> by its identity signing key covers <paramref name="signedMessage"/>.
    /// </summary>
    bool TryVerify(ReadOnlySpan<byte> bundle, ReadOnlySpan<byte> signedMessage, ReadOnlySpan<byte> signature, out VerifiedBundle? verified);

    /// <summary>True when <paramref name="signature"/> by the identity signing key of a stored (already verified) base bundle covers <paramref name="signedMessage"/>.</summary>
    bool VerifyIdentitySignature(byte[] baseBundle, ReadOnlySpan<byte> signedMessage, ReadOnlySpan<byte> signature);

    /// <summary>
    /// True when each of <paramref name="prekeys"/> carries a valid signature by the identity of a
    /// stored base bundle; they come back encoded one by one with their ids, in the order given.
    /// </summary>
    bool TryVerifyPrekeys(byte[] baseBundle, IReadOnlyList<OneTimePrekey> prekeys, out IReadOnlyList<StoredPrekey>? verified);

    /// <summary>The base bundle with <paramref name="oneTimePrekey"/> (or none) in it, encoded.</summary>
    byte[] Assemble(byte[] baseBundle, byte[]? oneTimePrekey);
}
