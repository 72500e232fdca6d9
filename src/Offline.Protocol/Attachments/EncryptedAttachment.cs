using System.Diagnostics.CodeAnalysis;

namespace Offline.Protocol.Attachments;

/// <summary>
/// One encrypted item, ready to upload: chunk i goes to the relay under address i, and the pointer
/// travels to the recipients inside an ordinary content message.
/// </summary>
public sealed class EncryptedAttachment
{
    internal EncryptedAttachment(AttachmentPointer pointer, byte[][] chunks, byte[][] addresses)
    {
        Pointer = pointer;
        Chunks = chunks;
        Addresses = addresses;
    }

    [SuppressMessage("Naming", "CA1720", Justification = "Pointer is the protocol's name for field 8 (PROTOCOL.md Part 3 §4), not a memory pointer.")]
    public AttachmentPointer Pointer { get; }

    /// <summary>The chunk ciphertexts in order, each <see cref="AttachmentLimits.ChunkCiphertextSize"/> bytes.</summary>
    public IReadOnlyList<byte[]> Chunks { get; }

    /// <summary>The 32-byte relay address of each chunk, in the same order.</summary>
    public IReadOnlyList<byte[]> Addresses { get; }

    public override string ToString() => $"EncryptedAttachment({Pointer})";
}
