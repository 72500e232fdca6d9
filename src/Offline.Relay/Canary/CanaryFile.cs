namespace Offline.Relay.Canary;

/// <summary>
/// The operator's signed warrant canary, served to any connection that asks (FetchCanary). Read
/// from disk on every request, so renewing it is replacing the file: no restart, nothing cached
/// that could outlive a withdrawn canary. The relay passes the bytes on unverified; clients verify.
/// </summary>
internal sealed class CanaryFile(string? path)
{
    public const string ConfigKey = "Relay:Canary:Path";

    /// <summary>The configured file, or null when this relay publishes no canary.</summary>
    public string? Path { get; } = path;

    /// <summary>The file's bytes; null when none is configured or it cannot be read (then clients show the canary as missing).</summary>
    public async Task<byte[]?> ReadAsync(CancellationToken cancellationToken)
    {
        if (Path is null)
        {
            return null;
        }

        try
        {
            var info = new FileInfo(Path);
            if (!info.Exists || info.Length > Offline.Protocol.Statements.StatementLimits.MaxCanaryBytes)
            {
                return null;
            }

            return await File.ReadAllBytesAsync(Path, cancellationToken);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
