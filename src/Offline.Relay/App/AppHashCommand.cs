namespace Offline.Relay.App;

/// <summary><c>--app-hash</c>: prints the SHA-256 of the exact bytes /app serves.</summary>
internal static class AppHashCommand
{
    public static int Print(IConfiguration configuration)
    {
        var file = WebAppFile.Locate(configuration);
        if (!File.Exists(file.Path))
        {
            Console.Error.WriteLine($"offline-relay: web app not found at {file.Path}");
            return 1;
        }

        Console.WriteLine(WebAppFile.Hash(File.ReadAllBytes(file.Path)));
        return 0;
    }
}
