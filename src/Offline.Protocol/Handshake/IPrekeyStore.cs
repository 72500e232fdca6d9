using Offline.Protocol.Primitives;

namespace Offline.Protocol.Handshake;

/// <summary>
/// The responder's private prekeys and its memory of handshakes already accepted.
/// The store owns the key objects it returns; callers never dispose them.
/// </summary>
public interface IPrekeyStore
{
    P256KeyPair? FindSignedPrekey(uint id);

    /// <summary>The expanded ML-KEM prekey, or null if the id is unknown.</summary>
    MlKem768DecapsulationKey? FindKemPrekey(uint id);

    P256KeyPair? FindOneTimePrekey(uint id);

    /// <summary>Deletes a one-time prekey once a handshake that used it has succeeded.</summary>
    void RemoveOneTimePrekey(uint id);

    bool HasSeenHandshake(ReadOnlySpan<byte> digest);

    void RememberHandshake(ReadOnlySpan<byte> digest);
}
