using System.Text.RegularExpressions;

namespace Offline.Web.Tests.Deploy;

/// <summary>
/// Renders a shipped deploy file for a test by replacing only its lines marked <c># SITE name</c>
/// (the ones an operator edits: ports, certificate paths, server name, upstream, pid file). Every
/// marked line must get a replacement with the same directive, every replacement must be used,
/// and every unmarked line is copied byte for byte: what runs is the shipped file.
/// </summary>
internal static partial class SiteLines
{
    public static string Render(string shipped, IReadOnlyDictionary<string, string> replacements)
    {
        var used = new HashSet<string>(StringComparer.Ordinal);
        var lines = shipped.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var marker = Marker().Match(lines[i]);
            if (!marker.Success)
            {
                continue;
            }

            var name = marker.Groups["name"].Value;
            if (!replacements.TryGetValue(name, out var replacement))
            {
                throw new InvalidOperationException($"line {i + 1} is marked '# SITE {name}' but the test gives no value for it");
            }

            var indent = lines[i][..(lines[i].Length - lines[i].TrimStart().Length)];
            if (Directive(lines[i]) != Directive(replacement))
            {
                throw new InvalidOperationException($"'# SITE {name}' replaces '{Directive(lines[i])}' with '{Directive(replacement)}': only values may change");
            }

            lines[i] = $"{indent}{replacement} # SITE {name}";
            used.Add(name);
        }

        var unused = replacements.Keys.Where(k => !used.Contains(k)).ToList();
        return unused.Count == 0
            ? string.Join('\n', lines)
            : throw new InvalidOperationException($"no line is marked '# SITE {string.Join("', '", unused)}'");
    }

    /// <summary>The names of the marked lines, in file order, with repeats.</summary>
    public static IReadOnlyList<string> Names(string shipped) =>
        [.. shipped.Split('\n').Select(l => Marker().Match(l)).Where(m => m.Success).Select(m => m.Groups["name"].Value)];

    private static string Directive(string line) => line.TrimStart().Split(' ', 2)[0];

    [GeneratedRegex(@"#\s*SITE\s+(?<name>[a-z0-9-]+)\s*$")]
    private static partial Regex Marker();
}
