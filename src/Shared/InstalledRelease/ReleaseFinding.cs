namespace Offline.InstalledRelease;

/// <summary>
/// One reason verification failed: a machine code (<c>bad_signature</c>, <c>hash_mismatch</c>, …), the file
/// it concerns (null for the manifest as a whole), and a sentence saying what is wrong and what to do.
/// </summary>
internal sealed record ReleaseFinding(string Code, string? Path, string Message);
