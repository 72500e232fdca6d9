namespace Offline.Protocol.Statements;

/// <summary>One published file: its path inside the release (forward slashes), size and SHA-256.</summary>
public sealed record ReleaseFile(string Path, long Size, string Sha256)
{
    /// <summary>
    /// Relative, '/'-separated, of [A-Za-z0-9._+-] segments, none empty, "." or "..": a hostile
    /// manifest cannot name a file outside the folder it is checked against.
    /// </summary>
    public static bool IsValidPath(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (path.Length is 0 or > StatementLimits.MaxPathLength)
        {
            return false;
        }

        foreach (var segment in path.Split('/'))
        {
            if (segment.Length == 0 || segment is "." or ".." || !segment.All(IsPathChar))
            {
                return false;
            }
        }

        return true;
    }

    internal static bool IsSha256Hex(string value) =>
        value.Length == 64 && value.All(c => c is (>= '0' and <= '9') or (>= 'a' and <= 'f'));

    private static bool IsPathChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '+' or '-';
}
