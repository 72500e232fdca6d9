namespace Offline.Relay.Directory;

/// <summary>The relay's only use of the identity layer: checking a published bundle and rebuilding one to hand out.</summary>
internal interface IBundleVerifier
{
    /// <summary>
    /// True when the bundle parses (version, points, signatures, keys hashing to its ID) and
    /// <paramref name="signature"/> by its identity signing key covers <paramref name="signedMessage"/>.
    /// </summary>
    bool TryVerify(ReadOnlySpan<byte> bundle, ReadOnlySpan<byte> signedMessage, ReadOnlySpan<byte> signature, out VerifiedBundle? verified);

    /// <summary>The base bundle with <paramref name="oneTimePrekey"/> (or none) in it, encoded.</summary>
    byte[] Assemble(byte[] baseBundle, byte[]? oneTimePrekey);
}
