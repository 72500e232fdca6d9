namespace Offline.Protocol.Statements;

/// <summary>How an installed folder differs from its release manifest.</summary>
public enum ReleaseProblemKind
{
    /// <summary>The manifest lists the file; it is not installed.</summary>
    Missing,

    /// <summary>Installed with another size than the manifest lists (so its bytes differ too).</summary>
    SizeMismatch,

    /// <summary>Same size, other bytes: the SHA-256 differs.</summary>
    HashMismatch,

    /// <summary>Installed, but the manifest does not list it: added after the release was built.</summary>
    Unlisted,

    /// <summary>The manifest lists nothing in a folder being checked: a manifest of some other release, or the wrong folder.</summary>
    NothingListed,
}
