namespace Offline.EndToEnd.Tests.Infrastructure;

/// <summary>
/// The relay and CLI DLLs built beside this test assembly (same artifacts folder, same configuration),
/// run with `dotnet PATH.dll` so no test ever triggers a build.
/// </summary>
internal static class BuiltPrograms
{
    public static string Relay => Find("Offline.Relay");

    public static string Cli => Find("Offline.Cli");

    private static string Find(string project)
    {
        var here = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var path = Path.Combine(here.Parent!.Parent!.FullName, project, here.Name, project + ".dll");
        return File.Exists(path) ? path : throw new FileNotFoundException($"{project} is not built beside the tests", path);
    }
}
