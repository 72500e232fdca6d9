namespace Offline.Protocol.Statements;

/// <summary>
/// Compares what is installed with a verified <see cref="ReleaseManifest"/> (docs/PROTOCOL.md Part 4):
/// within the folders being checked, every listed file must be there with its size and hash, and
/// nothing unlisted may be there. Pure: the caller enumerates and hashes the files.
/// </summary>
public static class ReleaseComparison
{
    /// <summary>
    /// Every problem, in path order, or none when the installed files are exactly the manifest's.
    /// <paramref name="folders"/> are release-relative prefixes ending in '/' (<c>cli/</c>, or <c>relay/</c>
    /// and <c>web/</c>), or the empty string for the whole release; every installed path must lie in one.
    /// </summary>
    public static IReadOnlyList<ReleaseProblem> Compare(ReleaseManifest manifest, IReadOnlyList<string> folders, IEnumerable<InstalledFile> installed)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(folders);
        ArgumentNullException.ThrowIfNull(installed);
        if (folders.Count == 0 || folders.Any(f => f.Length > 0 && !f.EndsWith('/')))
        {
            throw new ArgumentException("Folders to check are release-relative prefixes ending in '/', or \"\" for the whole release.", nameof(folders));
        }

        var found = new Dictionary<string, InstalledFile>(StringComparer.Ordinal);
        foreach (var file in installed)
        {
            if (!InScope(file.Path, folders) || !found.TryAdd(file.Path, file))
            {
                throw new ArgumentException($"Installed file '{file.Path}' is outside the folders checked, or listed twice.", nameof(installed));
            }
        }

        var listed = manifest.Files.Where(f => InScope(f.Path, folders)).ToArray();
        var problems = new List<ReleaseProblem>();
        problems.AddRange(folders.Where(folder => !listed.Any(f => f.Path.StartsWith(folder, StringComparison.Ordinal)))
            .Select(folder => new ReleaseProblem(ReleaseProblemKind.NothingListed, folder)));
        foreach (var expected in listed)
        {
            if (!found.Remove(expected.Path, out var actual))
            {
                problems.Add(new ReleaseProblem(ReleaseProblemKind.Missing, expected.Path));
            }
            else if (actual.Size != expected.Size)
            {
                problems.Add(new ReleaseProblem(ReleaseProblemKind.SizeMismatch, expected.Path));
            }
            else if (!string.Equals(actual.Sha256, expected.Sha256, StringComparison.Ordinal))
            {
                problems.Add(new ReleaseProblem(ReleaseProblemKind.HashMismatch, expected.Path));
            }
        }

        problems.AddRange(found.Keys.Select(path => new ReleaseProblem(ReleaseProblemKind.Unlisted, path)));
        return [.. problems.OrderBy(p => p.Path, StringComparer.Ordinal).ThenBy(p => p.Kind)];
    }

    private static bool InScope(string path, IReadOnlyList<string> folders) =>
        folders.Any(folder => path.StartsWith(folder, StringComparison.Ordinal));
}
