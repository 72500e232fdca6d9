namespace Offline.Relay.App;

internal static class WebAppEndpoints
{
    public static IServiceCollection AddWebApp(this IServiceCollection services, IConfiguration configuration) =>
        services.AddSingleton(WebAppFile.Locate(configuration));

    /// <summary>GET /app (the web app, exact bytes, no caching surprises) and GET /healthz.</summary>
    public static WebApplication MapWebApp(this WebApplication app)
    {
        app.MapGet("/app", async (WebAppFile file) =>
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

            return Results.Bytes(content, "text/html; charset=utf-8");
        });
        app.MapGet("/healthz", () => Results.Text("ok\n"));
        return app;
    }
}
