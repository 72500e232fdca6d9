using System.Globalization;

namespace Offline.Tor.Tests.Hosting;

/// <summary>Linux /proc lookups: children of a process, a process's name, whether it still runs.</summary>
internal static class ProcessTable
{
    public static IEnumerable<int> ChildrenOf(int parent) =>
        Directory.EnumerateDirectories("/proc")
            .Select(Path.GetFileName)
            .Where(name => int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out _))
            .Select(name => int.Parse(name!, CultureInfo.InvariantCulture))
            .Where(pid => ParentOf(pid) == parent)
            .ToList();

    public static string? Name(int pid) => Read($"/proc/{pid}/comm")?.Trim();

    /// <summary>True while <paramref name="pid"/> exists and is still <paramref name="name"/> (not a zombie, not a reused id).</summary>
    public static bool IsRunning(int pid, string name) =>
        Name(pid) == name && Read($"/proc/{pid}/stat") is { } stat && StateOf(stat) != 'Z';

    private static int ParentOf(int pid) =>
        Read($"/proc/{pid}/stat") is { } stat ? int.Parse(AfterName(stat)[1], CultureInfo.InvariantCulture) : -1;

    private static char StateOf(string stat) => AfterName(stat)[0][0];

    // The name in /proc/PID/stat is in parentheses and may hold spaces; fields after it are "state ppid …".
    private static string[] AfterName(string stat) => stat[(stat.LastIndexOf(')') + 2)..].Split(' ');

    private static string? Read(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
