using System.Security.Cryptography;
using Offline.Protocol.Primitives;

namespace Offline.Protocol.Identity;

/// <summary>
/// The private side of a published bundle: the signed prekey pair, the ML-KEM seed and the
/// one-time prekey pairs, with the bundle that advertises them. Random draws, in order:
/// signed prekey scalar, ML-KEM seed (64 bytes), then each one-time prekey scalar.
/// </summary>
public sealed class PrekeySet : IDisposable
{
    private readonly byte[] kemSeed;
    private readonly Dictionary<uint, P256KeyPair> oneTimeKeys;

    private PrekeySet(PrekeyBundle bundle, P256KeyPair signedPrekey, byte[] kemSeed, MlKem768DecapsulationKey kemKey, Dictionary<uint, P256KeyPair> oneTimeKeys)
    {
        Bundle = bundle;
        SignedPrekeyPair = signedPrekey;
        this.kemSeed = kemSeed;
        KemKey = kemKey;
        this.oneTimeKeys = oneTimeKeys;
    }

    public PrekeyBundle Bundle { get; }

    internal P256KeyPair SignedPrekeyPair { get; }

    internal MlKem768DecapsulationKey KemKey { get; }

    internal IReadOnlyDictionary<uint, P256KeyPair> OneTimeKeys => oneTimeKeys;

    /// <summary>The ids of every one-time prekey whose private key is still held, ascending.</summary>
    public IReadOnlyList<uint> OneTimePrekeyIds => [.. oneTimeKeys.Keys.Order()];

    /// <summary>
    /// Draws <paramref name="count"/> new one-time prekeys with ids <paramref name="firstId"/> onward, keeps their
    /// private keys and returns them signed by <paramref name="identity"/>, ready for a top-up. The caller
    /// chooses ids never used before; an id already held is refused.
    /// </summary>
    public IReadOnlyList<OneTimePrekey> AddOneTimePrekeys(IdentityKeyPair identity, IRandomSource random, uint firstId, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, Limits.MaxOneTimePrekeysPerBundle);
        if (firstId == 0 || (ulong)firstId + (ulong)count > uint.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(firstId), "One-time prekey ids run from 1 to 2^32 - 1.");
        }

        for (var i = 0u; i < count; i++)
        {
            if (oneTimeKeys.ContainsKey(firstId + i))
            {
                throw new ArgumentException($"One-time prekey {firstId + i} is already held; ids are never reused.", nameof(firstId));
            }
        }

        var added = new List<OneTimePrekey>(count);
        for (var i = 0u; i < count; i++)
        {
            var id = firstId + i;
            var pair = P256KeyPair.Generate(random);
            oneTimeKeys[id] = pair;
            added.Add(OneTimePrekey.Create(identity, id, pair.PublicKey));
        }

        return added;
    }

    /// <summary>Deletes a one-time prekey's private key (used, or kept as long as it may still be used); false if not held.</summary>
    public bool ForgetOneTimePrekey(uint id) => RemoveOneTimeKey(id);

    public static PrekeySet Generate(IdentityKeyPair identity, IRandomSource random, int oneTimePrekeyCount, uint signedPrekeyId = 1, uint kemPrekeyId = 1, uint firstOneTimePrekeyId = 1)
    {
        if (oneTimePrekeyCount < 0 || oneTimePrekeyCount > Limits.MaxOneTimePrekeysPerBundle)
        {
            throw new ArgumentOutOfRangeException(nameof(oneTimePrekeyCount), $"Between 0 and {Limits.MaxOneTimePrekeysPerBundle} one-time prekeys.");
        }

        var signedPair = P256KeyPair.Generate(random);
        var seed = new byte[MlKem768.SeedSize];
        random.Fill(seed);
        var kemKey = MlKem768DecapsulationKey.FromSeed(seed);

        var pairs = new Dictionary<uint, P256KeyPair>();
        var published = new List<OneTimePrekey>();
        for (var i = 0; i < oneTimePrekeyCount; i++)
        {
            var id = firstOneTimePrekeyId + (uint)i;
            var pair = P256KeyPair.Generate(random);
            pairs[id] = pair;
            published.Add(OneTimePrekey.Create(identity, id, pair.PublicKey));
        }

        var bundle = PrekeyBundle.Create(
            identity.PublicKeys,
            SignedPrekey.Create(identity, signedPrekeyId, signedPair.PublicKey),
            KemPrekey.Create(identity, kemPrekeyId, kemKey.EncapsulationKey),
            published);
        return new PrekeySet(bundle, signedPair, seed, kemKey, pairs);
    }

    public const byte SerializedVersion = 1;

    /// <summary>
    /// The secret form, for the owner's encrypted store: version 0x01 || bundle length (uint32) || bundle
    /// || signed prekey scalar (32) || ML-KEM seed (64) || for each one-time prekey still held: id (uint32) || scalar (32).
    /// </summary>
    public byte[] Serialize()
    {
        var bundle = Bundle.Encode();
        var writer = new ByteWriter(bundle.Length + 256 + (oneTimeKeys.Count * 36));
        writer.U8(SerializedVersion).Sized32(bundle);
        SignedPrekeyPair.ExportPrivateKey(writer.Reserve(P256KeyPair.PrivateKeySize));
        writer.Bytes(kemSeed);
        foreach (var (id, pair) in oneTimeKeys.OrderBy(k => k.Key))
        {
            writer.U32(id);
            pair.ExportPrivateKey(writer.Reserve(P256KeyPair.PrivateKeySize));
        }

        var result = writer.ToArray();
        writer.Clear();
        return result;
    }

    public static ProtocolError TryDeserialize(ReadOnlySpan<byte> data, out PrekeySet? set)
    {
        set = null;
        var reader = new ByteReader(data);
        var version = reader.U8();
        if (!reader.Failed && version != SerializedVersion)
        {
            return ProtocolError.UnknownVersion;
        }

        var bundleBytes = reader.Sized32(Limits.MaxBucket);
        var signedScalar = reader.Take(P256KeyPair.PrivateKeySize);
        var seed = reader.Take(MlKem768.SeedSize).ToArray();
        if (reader.Failed || reader.Remaining % 36 != 0)
        {
            return ProtocolError.Malformed;
        }

        if (!PrekeyBundle.TryParse(bundleBytes, out var bundle, out var error))
        {
            return error;
        }

        var pairs = new Dictionary<uint, P256KeyPair>();
        try
        {
            var signedPair = P256KeyPair.FromPrivateKey(signedScalar);
            while (!reader.AtEnd)
            {
                var id = reader.U32();
                pairs[id] = P256KeyPair.FromPrivateKey(reader.Take(P256KeyPair.PrivateKeySize));
            }

            set = new PrekeySet(bundle!, signedPair, seed, MlKem768DecapsulationKey.FromSeed(seed), pairs);
            return ProtocolError.None;
        }
        catch (ArgumentException)
        {
            foreach (var pair in pairs.Values)
            {
                pair.Dispose();
            }

            return ProtocolError.Malformed;
        }
    }

    internal bool RemoveOneTimeKey(uint id)
    {
        if (!oneTimeKeys.Remove(id, out var pair))
        {
            return false;
        }

        pair.Dispose();
        return true;
    }

    public void Dispose()
    {
        SignedPrekeyPair.Dispose();
        KemKey.Dispose();
        CryptographicOperations.ZeroMemory(kemSeed);
        foreach (var pair in oneTimeKeys.Values)
        {
            pair.Dispose();
        }

        oneTimeKeys.Clear();
    }
}
