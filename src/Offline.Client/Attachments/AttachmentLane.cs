using Offline.Client.Traffic;

namespace Offline.Client.Attachments;

/// <summary>How an attachment's chunks travel for a traffic profile (docs/TRAFFIC.md, "Attachments").</summary>
public enum AttachmentLane
{
    /// <summary><c>strict</c>: inside the connection's own 1 KiB cells; its visible shape never changes (17 cells a chunk).</summary>
    CellStream,

    /// <summary><c>standard</c> and <c>light</c>: a short-lived bulk connection of 16 KiB cells, one chunk per cell, its cell count padded.</summary>
    Bulk,

    /// <summary><c>off</c>: classic 16 KiB PutChunk/GetChunk frames on the one classic connection.</summary>
    Classic,
}
