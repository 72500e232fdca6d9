using Offline.Relay.App;
using Offline.Relay.Canary;
using Offline.Relay.Chunks;
using Offline.Relay.Directory;
using Offline.Relay.Hosting;
using Offline.Relay.Limits;
using Offline.Relay.Mailboxes;
using Offline.Relay.Onion;
using Offline.Relay.Release;
using Offline.Relay.Sockets;
using Offline.Relay.Store;

// The relay: an anonymous mailbox over one padded WebSocket. Each line names a feature folder.
if (args.FirstOrDefault() == "canary")
{
    return CanaryCommand.Run(args[1..], TimeProvider.System);
}

var printAppHash = args.Contains("--app-hash");
var verifyRelease = VerifyReleaseRequest.Extract(args, out args);
args = OnionOptions.ExpandSwitch([.. args.Where(a => a != "--app-hash")]);

var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.AddRelayConfiguration(args);
builder.UseQuietHosting();
builder.Services.AddWebApp(builder.Configuration);

if (printAppHash)
{
    return AppHashCommand.Print(builder.Configuration);
}

if (verifyRelease is not null)
{
    return VerifyReleaseCommand.Run(builder.Configuration, verifyRelease);
}

try
{
    builder.Services.AddRelayLimits(builder.Configuration);
    builder.Services.AddRelayStore(builder.Configuration);
    builder.Services.AddDirectory();
    builder.Services.AddCanary(builder.Configuration);
    builder.Services.AddMailboxes();
    builder.Services.AddChunks();
    builder.Services.AddRelaySockets();
    builder.Services.AddOnionService(builder.Configuration);

    var app = builder.Build();
    app.MapWebApp();
    app.MapRelaySocket();
    app.PrintStartupFacts();
    await app.RunAsync();
    return 0;
}
catch (InvalidOperationException e) when (e.Message.Contains("--store", StringComparison.Ordinal) || e.Message.Contains("configuration", StringComparison.Ordinal))
{
    await Console.Error.WriteLineAsync($"offline-relay: {e.Message}");
    return 2;
}
catch (OnionException e)
{
    await Console.Error.WriteLineAsync($"offline-relay: onion: {e.Message}");
    return 1;
}
catch (IOException e)
{
    // Binding failed (address in use, no permission): the message names only our own listen address.
    await Console.Error.WriteLineAsync($"offline-relay: {e.Message}");
    return 1;
}

/// <summary>The entry point, visible to the tests' host factory.</summary>
public partial class Program;
