using System.Text.Json.Nodes;
using Offline.Cli.CommandLine;
using Offline.Cli.Handoff;
using Offline.Cli.Output;
using Offline.Client.Home;
using Offline.Client.Messaging;
using Offline.Client.Outbox;
using Offline.Client.Sync;

namespace Offline.Cli.Commands;

/// <summary>
/// receive [--follow]: (1) send what waits in the outbox, (2) subscribe to every inbound queue,
/// (3) decrypt, store, THEN acknowledge each delivery, showing each message once, (4) send read
/// receipts for what was shown (if on). Without --follow it stops when nothing more is pending; with
/// it, an `offline send` meanwhile is handed to this process and leaves on its connection.
/// </summary>
internal static class ReceiveCommand
{
    public static async Task RunAsync(CliContext context)
    {
        context.Arguments.Expect(0, "receive [--follow]");
        using var home = context.OpenHome();
        if (context.Arguments.Has("--follow"))
        {
            await FollowAsync(context, home);
            return;
        }

        await using var session = await context.ConnectAsync(home);
        ReportFlush(context, home, await session.FlushAsync(context.Cancellation));
        await session.SubscribeAllAsync(context.Cancellation);
        var shown = 0;
        await session.DrainAsync(
            result =>
            {
                if (ShowAndReceipt(context, home, result, null))
                {
                    shown++;
                }

                return Task.CompletedTask;
            },
            context.Cancellation);
        foreach (var downloaded in await session.DownloadPendingAsync(context.Cancellation))
        {
            if (downloaded.Error is null)
            {
                InboundDisplay.ShowDownloaded(context, downloaded);
            }
            else
            {
                context.Printer.Warn($"the {AttachmentText.Label(downloaded.Message.Attachment!)} of {Describe.ShortId(downloaded.Message.Id)} is not fetched yet ({downloaded.Error.Message}); the next 'offline receive' tries again.");
            }
        }

        await session.FlushAsync(context.Cancellation); // the read receipts, all in one go
        await CanaryWarning.CheckDailyAsync(context, home, session);
        context.Printer.Say(shown == 0 ? "no new messages." : $"{shown} new message{(shown == 1 ? string.Empty : "s")}.");
        if (home.Outbox.Count + home.Messenger.Uploads.Count > 0)
        {
            context.Printer.Say($"{home.Outbox.Count + home.Messenger.Uploads.Count} item(s) still wait in the outbox.");
        }
    }

    /// <summary>
    /// Shows the result; for a shown text, puts a read receipt in the outbox when the user allows them and
    /// calls <paramref name="receiptQueued"/> (a live client's OutboxChanged: its pump sends it in the
    /// schedule without holding up the deliveries behind this one; a one-shot receive flushes at the end).
    /// </summary>
    public static bool ShowAndReceipt(CliContext context, ClientHome home, InboundResult result, Action? receiptQueued)
    {
        var shownId = InboundDisplay.Show(context, home, result);
        if (shownId is null)
        {
            return false;
        }

        if (home.Settings.ReadReceipts)
        {
            home.Messenger.SendReadReceipt(result.Contact!, [shownId]);
            receiptQueued?.Invoke();
        }

        return true;
    }

    public static void ReportFlush(CliContext context, ClientHome home, IReadOnlyList<SendOutcome> outcomes)
    {
        foreach (var outcome in outcomes.Where(o => o.Entry.Kind is "text" or "image" or "voicenote"))
        {
            var name = home.Messenger.Contacts.FindById(outcome.Entry.ContactId)?.Name ?? "?";
            context.Printer.Report(
                outcome.Sent
                    ? $"sent waiting message {Describe.ShortId(outcome.Entry.MessageId)} to {name} from the outbox."
                    : $"message {Describe.ShortId(outcome.Entry.MessageId)} to {name} still waits in the outbox: {outcome.Error!.Message}",
                new JsonObject { ["event"] = outcome.Sent ? "outbox_sent" : "outbox_waiting", ["to"] = name, ["id"] = outcome.Entry.MessageId, ["problem"] = outcome.Error?.Message });
        }
    }

    private static async Task FollowAsync(CliContext context, ClientHome home)
    {
        var live = new LiveRelay(context, home);
        var composer = new HandoffComposer(context, home, live)
        {
            TextShown = (contact, message, sent) => context.Printer.Say(context.Printer.Dim(
                $"me → {contact.Name} · {Describe.ShortId(message.Id)}  {Describe.Preview(AttachmentText.Preview(message))} ({From(message)}; {(sent ? "sent" : message.Attachment is null ? "waiting in the outbox" : "uploading, then sent")})")),
        };
        await using var handoff = HandoffServer.Start(context.Relay, context.Printer, home.Store, composer.RunAsync);
        context.Printer.Say(context.Printer.Dim($"waiting for messages from {context.Relay}; Ctrl-C to stop."));
        try
        {
            await live.RunAsync((_, result) => Task.FromResult(ShowAndReceipt(context, home, result, live.OutboxChanged)), context.Cancellation);
        }
        catch (Exception e) when (e is OperationCanceledException or Offline.Client.Transport.RelayException && context.Cancellation.IsCancellationRequested)
        {
            // Ctrl-C: everything shown was stored and acknowledged; nothing to finish.
        }
    }

    private static string From(Offline.Client.Conversations.ChatMessage message) => message.Attachment is null
        ? "from 'offline send'"
        : $"from 'offline {(message.Attachment.Kind == Offline.Client.Conversations.AttachmentKind.Image ? "send-image" : "send-voice")}'";
}
