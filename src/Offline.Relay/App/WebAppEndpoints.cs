namespace Offline.Relay.App;

internal static class WebAppEndpoints
{
    /// <summary>The files served beside /app (the PWA's manifest, service worker and icon), from the app's folder.</summary>
    private static readonly Dictionary<string, string> Companions = new(StringComparer.Ordinal)
    {
        ["/manifest.webmanifest"] = "application/manifest+json; charset=utf-8",
        ["/sw.js"] = "text/javascript; charset=utf-8",
        ["/icon.svg"] = "image/svg+xml",
    };

    public static IServiceCollection AddWebApp(this IServiceCollection services, IConfiguration configuration) =>
        services.AddSingleton(WebAppFile.Locate(configuration)).AddSingleton(ReleaseManifestFile.Locate(configuration));

    /// <summary>
    /// GET /app (the web app, the exact bytes --app-hash hashes), its PWA companions and /healthz. Every
    /// answer carries a Content-Security-Policy that allows nothing but this origin and the page's own
    /// inline code (by hash), no referrer, and revalidation on every load so an update is seen at once.
    /// </summary>
    public static WebApplication MapWebApp(this WebApplication app)
    {
        app.MapGet("/app", async (WebAppFile file, HttpContext context) =>
        {
            byte[] content;
            try
            {
                content = await File.ReadAllBytesAsync(file.Path);
            }
            catch (IOException)
            {
                return Results.NotFound("web app not installed\n");
            }

            WebAppHeaders.Apply(context.Response, WebAppHeaders.PolicyFor(content));
            return Results.Bytes(content, "text/html; charset=utf-8");
        });
        foreach (var (path, contentType) in Companions)
        {
            app.MapGet(path, async (WebAppFile file, HttpContext context) =>
            {
                var companion = Path.Combine(Path.GetDirectoryName(file.Path)!, path.TrimStart('/'));
                byte[] content;
                try
                {
                    content = await File.ReadAllBytesAsync(companion);
                }
                catch (IOException)
                {
                    return Results.NotFound();
                }

                WebAppHeaders.Apply(context.Response, WebAppHeaders.CompanionPolicy);
                if (path == "/sw.js")
                {
                    context.Response.Headers["Service-Worker-Allowed"] = "/";
                }

                return Results.Bytes(content, contentType);
            });
        }

        // The installed release's signed manifest, for Settings → Security; 404 when the relay runs from a checkout.
        app.MapGet("/release", async (ReleaseManifestFile manifest, HttpContext context) =>
        {
            byte[] content;
            try
            {
                content = manifest.Path is null ? [] : await File.ReadAllBytesAsync(manifest.Path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                content = [];
            }

            WebAppHeaders.Apply(context.Response, WebAppHeaders.CompanionPolicy);
            return content.Length == 0 || content.Length > Offline.Protocol.Statements.StatementLimits.MaxManifestBytes
                ? Results.Text("no release manifest installed on this relay\n", statusCode: StatusCodes.Status404NotFound)
                : Results.Bytes(content, "text/plain; charset=utf-8");
        });
        app.MapGet("/healthz", () => Results.Text("ok\n"));
        return app;
    }
}
