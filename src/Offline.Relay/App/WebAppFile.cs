using System.Security.Cryptography;

namespace Offline.Relay.App;

/// <summary>
/// The web app file the relay serves at /app, read from disk on every request so what is served
/// is whatever the file holds at that moment, and what --app-hash prints.
/// </summary>
internal sealed class WebAppFile(string path)
{
    public const string ConfigKey = "Relay:App:Path";

    public string Path { get; } = path;

    /// <summary>The configured path, else web/app.html in the nearest ancestor of the program's folder that has one.</summary>
    public static WebAppFile Locate(IConfiguration configuration)
    {
        var configured = configuration[ConfigKey];
        if (!string.IsNullOrEmpty(configured))
        {
            return new WebAppFile(System.IO.Path.GetFullPath(configured));
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = System.IO.Path.Combine(dir.FullName, "web", "app.html");
            if (File.Exists(candidate))
            {
                return new WebAppFile(candidate);
            }
        }

        return new WebAppFile(System.IO.Path.Combine(AppContext.BaseDirectory, "web", "app.html"));
    }

    /// <summary>Lowercase hex SHA-256 of the bytes <paramref name="content"/>.</summary>
    public static string Hash(byte[] content) => Convert.ToHexStringLower(SHA256.HashData(content));
}
