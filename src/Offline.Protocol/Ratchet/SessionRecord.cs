namespace Offline.Protocol.Ratchet;

/// <summary>
/// All sessions with one contact: the current one and up to <see cref="Limits.MaxArchivedSessions"/>
/// earlier ones. When two people start sessions with each other at the same time, each side ends up
/// holding both; decrypting with whichever works and promoting it makes the two sides converge.
/// Serialized: version 0x01 || count (1) || for each, current first: length (uint32) || session state.
/// </summary>
public sealed class SessionRecord : IDisposable
{
    public const byte Version = 1;

    private readonly List<RatchetSession> sessions = [];

    public RatchetSession? Current => sessions.Count > 0 ? sessions[0] : null;

    public int ArchivedCount => Math.Max(0, sessions.Count - 1);

    /// <summary>Makes a new session current; the previous current is archived and the oldest beyond the limit is destroyed.</summary>
    public void Promote(RatchetSession session)
    {
        sessions.Insert(0, session);
        while (sessions.Count > 1 + Limits.MaxArchivedSessions)
        {
            sessions[^1].Dispose();
            sessions.RemoveAt(sessions.Count - 1);
        }
    }

    /// <summary>
    /// Tries the current session, then the archived ones, newest first. A session that decrypts becomes
    /// current. On failure returns the current session's error (<see cref="ProtocolError.NewSession"/> when
    /// the message starts a handshake none of them made) and changes nothing.
    /// </summary>
    public ProtocolError TryDecrypt(ReadOnlySpan<byte> message, Primitives.IRandomSource random, out byte[]? plaintext)
    {
        plaintext = null;
        if (sessions.Count == 0)
        {
            return ProtocolError.NewSession;
        }

        var first = sessions[0].TryDecrypt(message, random, out plaintext);
        if (first == ProtocolError.None)
        {
            return first;
        }

        for (var i = 1; i < sessions.Count; i++)
        {
            if (sessions[i].TryDecrypt(message, random, out plaintext) == ProtocolError.None)
            {
                var found = sessions[i];
                sessions.RemoveAt(i);
                sessions.Insert(0, found);
                return ProtocolError.None;
            }
        }

        return first;
    }

    public byte[] Serialize()
    {
        var writer = new ByteWriter(2048 * Math.Max(1, sessions.Count));
        writer.U8(Version).U8((byte)sessions.Count);
        foreach (var session in sessions)
        {
            var state = session.Serialize();
            writer.Sized32(state);
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(state);
        }

        var result = writer.ToArray();
        writer.Clear();
        return result;
    }

    public static ProtocolError TryDeserialize(ReadOnlySpan<byte> data, out SessionRecord? record)
    {
        record = null;
        var reader = new ByteReader(data);
        var version = reader.U8();
        if (!reader.Failed && version != Version)
        {
            return ProtocolError.UnknownVersion;
        }

        var count = reader.U8();
        if (reader.Failed || count > 1 + Limits.MaxArchivedSessions)
        {
            return ProtocolError.Malformed;
        }

        var result = new SessionRecord();
        for (var i = 0; i < count; i++)
        {
            var state = reader.Sized32(Limits.MaxBucket * 4);
            if (reader.Failed || RatchetSession.TryDeserialize(state, out var session) != ProtocolError.None)
            {
                result.Dispose();
                return ProtocolError.Malformed;
            }

            result.sessions.Add(session!);
        }

        if (!reader.AtEnd)
        {
            result.Dispose();
            return ProtocolError.Malformed;
        }

        record = result;
        return ProtocolError.None;
    }

    public void Dispose()
    {
        sessions.ForEach(s => s.Dispose());
        sessions.Clear();
    }
}
