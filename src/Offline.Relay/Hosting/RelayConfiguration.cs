using System.Collections;

namespace Offline.Relay.Hosting;

/// <summary>
/// Configuration follows ASP.NET conventions (appsettings.json, environment, command line, later
/// wins) plus the relay's short forms: <c>--store VALUE</c> is <c>Relay:Store</c>, and an
/// environment variable <c>OFFLINE_RELAY_X__Y</c> is <c>Relay:X:Y</c> (<c>OFFLINE_RELAY_URLS</c> is <c>urls</c>).
/// </summary>
internal static class RelayConfiguration
{
    public const string DefaultUrl = "http://127.0.0.1:8080";

    private const string EnvironmentPrefix = "OFFLINE_RELAY_";

    private static readonly Dictionary<string, string> SwitchMappings = new(StringComparer.Ordinal)
    {
        ["--store"] = "Relay:Store",
        ["--canary"] = "Relay:Canary:Path",
        ["--release-manifest"] = "Relay:Release:Manifest",
    };

    public static WebApplicationBuilder AddRelayConfiguration(this WebApplicationBuilder builder, string[] args)
    {
        builder.Configuration.AddInMemoryCollection(FromEnvironment());
        builder.Configuration.AddEnvironmentVariables();
        builder.Configuration.AddCommandLine(args, SwitchMappings);
        if (string.IsNullOrEmpty(builder.Configuration["urls"]))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        return builder;
    }

    private static Dictionary<string, string?> FromEnvironment()
    {
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (DictionaryEntry variable in Environment.GetEnvironmentVariables())
        {
            var name = (string)variable.Key;
            if (!name.StartsWith(EnvironmentPrefix, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var rest = name[EnvironmentPrefix.Length..];
            var key = rest.Equals("URLS", StringComparison.OrdinalIgnoreCase) ? "urls" : "Relay:" + rest.Replace("__", ":", StringComparison.Ordinal);
            values[key] = (string?)variable.Value;
        }

        return values;
    }
}
