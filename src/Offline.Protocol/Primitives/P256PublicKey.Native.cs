namespace Offline.Protocol.Primitives;

/// <summary>
/// The native forms of the point, created on first use and cached so that a key used many times (a
/// contact's identity key, a peer's ratchet key) is imported into OpenSSL once. Safe to race: the loser
/// of a concurrent first use frees its copy. The handles are released by their finalizers.
/// </summary>
public sealed partial class P256PublicKey
{
    private SafeEcPointHandle? point;
    private SafeEcKeyHandle? verificationKey;

    internal SafeEcPointHandle Point
    {
        get
        {
            var existing = Volatile.Read(ref point);
            return existing ?? Publish(ref point, DecodePoint());
        }
    }

    /// <summary>An EC_KEY holding only this point, for ECDSA_do_verify.</summary>
    internal SafeEcKeyHandle VerificationKey
    {
        get
        {
            var existing = Volatile.Read(ref verificationKey);
            return existing ?? Publish(ref verificationKey, CreateVerificationKey());
        }
    }

    private static T Publish<T>(ref T? slot, T created)
        where T : class, IDisposable
    {
        var winner = Interlocked.CompareExchange(ref slot, created, null);
        if (winner is null)
        {
            return created;
        }

        created.Dispose();
        return winner;
    }

    private SafeEcPointHandle DecodePoint()
    {
        var group = P256Curve.Group;
        var decoded = LibCrypto.CheckHandle(LibCrypto.EC_POINT_new(group), "EC_POINT_new");
        if (LibCrypto.EC_POINT_oct2point(group, decoded, encoded, (nuint)encoded.Length, IntPtr.Zero) != 1)
        {
            decoded.Dispose();
            LibCrypto.Check(false, "EC_POINT_oct2point");
        }

        return decoded;
    }

    private SafeEcKeyHandle CreateVerificationKey()
    {
        var key = P256Curve.NewKey();
        if (LibCrypto.EC_KEY_set_public_key(key, Point) != 1)
        {
            key.Dispose();
            LibCrypto.Check(false, "EC_KEY_set_public_key");
        }

        return key;
    }
}
