using System.Text.Json.Nodes;
using Offline.Cli.CommandLine;
using Offline.Cli.Output;

namespace Offline.Cli.Commands;

/// <summary>generate-id and id: making the identity and showing it.</summary>
internal static class IdentityCommands
{
    public const string LinkPrefix = "offline://add/";

    public static async Task GenerateIdAsync(CliContext context)
    {
        context.Arguments.Expect(0, "generate-id");
        using var home = context.CreateHome();
        var printer = context.Printer;
        printer.Say("generated ECDH P-256 identity keypair on device (+ signed prekey, ML-KEM-768 prekey, one-time prekeys)");
        printer.Say($"encrypted home: {home.Path} (Argon2id-derived key; nothing readable without your passphrase)");

        var (session, problem) = await context.TryConnectAsync(home);
        if (session is not null)
        {
            await session.DisposeAsync();
            printer.Say($"published your public keys and opened your introduction mailbox on {context.Relay}");
        }
        else
        {
            printer.Say($"relay not reached ({problem}); your keys will be published when it is (any command that connects).");
        }

        printer.Say($"ID: {printer.Bold(home.Account.Id.Text)}");
        printer.Say("share it with 'offline id' (link and QR code).");
        printer.Emit(new JsonObject { ["event"] = "identity", ["id"] = home.Account.Id.Text, ["link"] = LinkPrefix + home.Account.Id.Text, ["published"] = session is not null, ["home"] = home.Path });
    }

    public static Task ShowIdAsync(CliContext context)
    {
        context.Arguments.Expect(0, "id");
        using var home = context.OpenHome();
        var id = home.Account.Id.Text;
        var link = LinkPrefix + id;
        context.Printer.Emit(new JsonObject { ["id"] = id, ["link"] = link, ["published"] = home.Published });
        context.Printer.Say($"ID:   {context.Printer.Bold(id)}");
        context.Printer.Say($"link: {link}");
        context.Printer.Say(TerminalQr.Draw(link));
        context.Printer.Say("Others add you with: offline add " + id + " --name YOUR-NAME");
        return Task.CompletedTask;
    }
}
