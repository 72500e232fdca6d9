namespace Offline.Protocol.Statements;

/// <summary>Why a release manifest, a warrant canary or a statement key file was not accepted.</summary>
public enum StatementError
{
    None = 0,

    /// <summary>Not a statement of this kind: bad UTF-8, CR or NUL bytes, a missing or mis-ordered field, a value out of range.</summary>
    Malformed,

    /// <summary>The first line names a version this code does not know.</summary>
    UnknownVersion,

    /// <summary>Larger than the kind allows (<see cref="StatementLimits"/>).</summary>
    TooLarge,

    /// <summary>The signature does not verify under the statement's key.</summary>
    BadSignature,

    /// <summary>Well signed, but by a key other than the one trusted for it.</summary>
    UntrustedKey,
}
