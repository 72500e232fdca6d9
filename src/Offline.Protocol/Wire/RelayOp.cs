namespace Offline.Protocol.Wire;

/// <summary>
/// What a relay frame asks or answers. Requests (client → relay) are below 0x80; responses and
/// pushes (relay → client) have the high bit set. An unknown value closes the connection.
/// </summary>
public enum RelayOp : byte
{
    /// <summary>Opens a session; must be the first frame. Empty body.</summary>
    Hello = 0x01,

    /// <summary>Publishes a prekey bundle (<see cref="PublishBundleRequest"/>).</summary>
    PublishBundle = 0x02,

    /// <summary>Fetches an ID's bundle with at most one one-time prekey (<see cref="FetchBundleRequest"/>).</summary>
    FetchBundle = 0x03,

    /// <summary>Creates a receive queue (<see cref="CreateQueueRequest"/>).</summary>
    CreateQueue = 0x04,

    /// <summary>Sends a sealed message to a queue (<see cref="SendRequest"/>).</summary>
    Send = 0x05,

    /// <summary>Delivers a queue's pending messages and pushes new ones (<see cref="OwnerRequest"/>).</summary>
    Subscribe = 0x06,

    /// <summary>Deletes one delivered message (<see cref="AckRequest"/>).</summary>
    Ack = 0x07,

    /// <summary>Deletes a queue and everything pending in it (<see cref="OwnerRequest"/>).</summary>
    DeleteQueue = 0x08,

    /// <summary>Keeps an idle connection open; answered by <see cref="Pong"/>. Empty body.</summary>
    Ping = 0x09,

    /// <summary>Adds signed one-time prekeys to the ID's directory entry, or asks which it holds (<see cref="TopUpPrekeysRequest"/>).</summary>
    TopUpPrekeys = 0x0A,

    /// <summary>Asks for the operator's signed warrant canary. Empty body; answered by <see cref="Canary"/> or Error NoCanary.</summary>
    FetchCanary = 0x0B,

    /// <summary>Stores one attachment chunk for a number of fetches (<see cref="PutChunkRequest"/>); answered by Ok.</summary>
    PutChunk = 0x0C,

    /// <summary>Fetches a stored chunk without deleting it (<see cref="ChunkAddressRequest"/>); answered by <see cref="Chunk"/> or Error ChunkNotFound.</summary>
    GetChunk = 0x0D,

    /// <summary>One recipient has the chunk; at zero remaining fetches it is deleted (<see cref="ChunkAddressRequest"/>); answered by Ok.</summary>
    ReleaseChunk = 0x0E,

    /// <summary>Answer to Hello (<see cref="WelcomeBody"/>).</summary>
    Welcome = 0x81,

    /// <summary>The request succeeded. Empty body.</summary>
    Ok = 0x82,

    /// <summary>The request failed; the connection stays open (<see cref="ErrorBody"/>).</summary>
    Error = 0x83,

    /// <summary>Answer to FetchBundle: the encoded bundle is the whole body.</summary>
    Bundle = 0x84,

    /// <summary>A pending or newly arrived message of a subscribed queue (<see cref="DeliveryBody"/>); request id 0.</summary>
    Delivery = 0x85,

    /// <summary>Answer to Ping. Empty body.</summary>
    Pong = 0x89,

    /// <summary>Answer to TopUpPrekeys: the one-time prekey ids the relay holds (<see cref="PrekeyIdsBody"/>).</summary>
    Prekeys = 0x8A,

    /// <summary>Answer to FetchCanary: the canary file's exact bytes (<see cref="Statements.WarrantCanary"/>), unverified.</summary>
    Canary = 0x8B,

    /// <summary>Answer to GetChunk: the chunk's <see cref="RelayWire.ChunkSize"/> bytes are the whole body.</summary>
    Chunk = 0x8C,
}
