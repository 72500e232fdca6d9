using System.Security.Cryptography;
using Offline.Protocol.Identity;
using Offline.Protocol.Primitives;
using Offline.Protocol.Wire;

namespace Offline.Relay.Tests.Hosting;

/// <summary>Random addresses and owner secrets, and real identities with published bundles.</summary>
internal static class TestKeys
{
    public static byte[] Address() => RandomNumberGenerator.GetBytes(RelayWire.AddressSize);

    public static byte[] Secret() => RandomNumberGenerator.GetBytes(RelayWire.OwnerSecretSize);

    public static byte[] AuthHash(byte[] secret) => SHA256.HashData(secret);

    /// <summary>A random-looking "sealed" ciphertext with a marker pattern the byte scans look for.</summary>
    public static byte[] Ciphertext(int size = 900) => RandomNumberGenerator.GetBytes(size);

    /// <summary>A conversation queue owned by a fresh secret, created through <paramref name="client"/>.</summary>
    public static async Task<(byte[] Address, byte[] Secret)> CreateQueueAsync(RelayClient client, ushort days = 30)
    {
        var (address, secret) = (Address(), Secret());
        await client.OkAsync(RelayOp.CreateQueue, new CreateQueueRequest(address, AuthHash(secret), days).Encode());
        return (address, secret);
    }

    /// <summary>Publishes a fresh identity's bundle; returns the identity, its intro secret and its intro address.</summary>
    public static async Task<Published> PublishAsync(RelayClient client, int oneTimePrekeys = 2, ushort days = 30)
    {
        var identity = IdentityKeyPair.Generate(SystemRandom.Instance);
        using var prekeys = PrekeySet.Generate(identity, SystemRandom.Instance, oneTimePrekeys);
        var bundle = prekeys.Bundle.Encode();
        var introSecret = Secret();
        await client.OkAsync(RelayOp.PublishBundle, PublishRequest(identity, bundle, client.Welcome!.Challenge, AuthHash(introSecret), days).Encode());
        return new Published(identity, bundle, introSecret, IntroductionAddress.For(identity.Id.Fingerprint));
    }

    public static PublishBundleRequest PublishRequest(IdentityKeyPair identity, byte[] bundle, byte[] challenge, byte[] authHash, ushort days = 30)
    {
        var signature = new byte[PublishBundleRequest.SignatureSize];
        identity.Sign(PublishBundleRequest.SignedMessage(challenge, authHash, days, bundle), signature);
        return new PublishBundleRequest(authHash, days, signature, bundle);
    }

    /// <summary>A top-up of <paramref name="prekeys"/> (none: a query) for <paramref name="fingerprint"/>, signed by <paramref name="signer"/> over <paramref name="challenge"/>.</summary>
    public static TopUpPrekeysRequest TopUpRequest(IdentityKeyPair signer, ReadOnlySpan<byte> fingerprint, byte[] challenge, IReadOnlyList<OneTimePrekey> prekeys)
    {
        var signature = new byte[TopUpPrekeysRequest.SignatureSize];
        signer.Sign(TopUpPrekeysRequest.SignedMessage(challenge, fingerprint, prekeys), signature);
        return new TopUpPrekeysRequest(fingerprint.ToArray(), signature, prekeys);
    }

    /// <summary>Tops up <paramref name="prekeys"/> (none: a query) as the ID's keyholder and returns the ids the relay holds after it, asserting a Prekeys answer.</summary>
    public static async Task<uint[]> TopUpAsync(RelayClient client, IdentityKeyPair identity, IReadOnlyList<OneTimePrekey> prekeys)
    {
        var answer = await client.RequestAsync(RelayOp.TopUpPrekeys, TopUpRequest(identity, identity.Id.Fingerprint, client.Welcome!.Challenge, prekeys).Encode());
        var detail = answer.Op == RelayOp.Error && ErrorBody.TryParse(answer.Body.Span, out var error) ? $"{error!.Code}: {error.Reason}" : "";
        Assert.True(answer.Op == RelayOp.Prekeys, $"TopUpPrekeys answered {answer.Op} {detail}");
        Assert.True(PrekeyIdsBody.TryParse(answer.Body.Span, out var body));
        return [.. body!.Ids];
    }

    /// <summary><paramref name="count"/> one-time prekeys signed by <paramref name="identity"/>, ids <paramref name="firstId"/> onward.</summary>
    public static IReadOnlyList<OneTimePrekey> OneTimePrekeys(IdentityKeyPair identity, int count, uint firstId)
    {
        using var set = PrekeySet.Generate(identity, SystemRandom.Instance, count, firstOneTimePrekeyId: firstId);
        return set.Bundle.OneTimePrekeys;
    }

    /// <summary>A stamped first-contact send to an introduction mailbox.</summary>
    public static SendRequest StampedSend(byte[] introAddress, byte[] ciphertext, int difficulty) =>
        new(introAddress, ProofOfWorkStamp.Mint(introAddress, ciphertext, difficulty), ciphertext);

    internal sealed record Published(IdentityKeyPair Identity, byte[] Bundle, byte[] IntroSecret, byte[] IntroAddress);
}
