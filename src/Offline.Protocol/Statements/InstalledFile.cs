namespace Offline.Protocol.Statements;

/// <summary>
/// A file found where a release is installed, as a verifier saw it: its path in release terms
/// (e.g. <c>cli/Offline.Cli.dll</c>), its size and the lowercase hex SHA-256 of its bytes.
/// </summary>
public sealed record InstalledFile(string Path, long Size, string Sha256);
