using Offline.Cli.CommandLine;
using Offline.Cli.Errors;
using Offline.Cli.Handoff;
using Offline.Cli.Output;
using Offline.Client.Media.Voice;
using Offline.Protocol.Attachments;

namespace Offline.Cli.Commands;

/// <summary>
/// send-voice NAME PATH [--effect normal|deep|high|robot]: a WAV or Ogg/Opus recording, disguised by the
/// effect and re-encoded as a fresh Ogg/Opus voice note on this device (the undisguised voice never
/// leaves it), then sent like a photo (<see cref="MediaCommands"/>).
/// </summary>
internal static class SendVoiceCommand
{
    public static async Task RunAsync(CliContext context)
    {
        context.Arguments.Expect(2, "send-voice NAME PATH [--effect normal|deep|high|robot] [--reply MESSAGE-ID]");
        var (name, path) = (context.Arguments.Positionals[0], Path.GetFullPath(context.Arguments.Positionals[1]));
        var effect = context.Arguments.Value("--effect");
        _ = ParseEffect(effect);
        var request = new HandoffRequest(HandoffRequest.SendVoice, name, Target: context.Arguments.Value("--reply"), Path: path, Effect: effect);
        if (await HandoffClient.TryHandOffAsync(context, request) is { } handedOff)
        {
            SendCommands.ReportHandedOff(context, handedOff);
            return;
        }

        using var home = context.OpenHome();
        var (contact, replyTo) = MediaCommands.Recipient(context, home, name, request.Target);
        var note = Prepare(path, effect);
        var message = home.Messenger.SendVoiceNote(contact, note.OggOpus, MediaType.OggOpus, note.DurationMs, note.Waveform, replyTo);
        await MediaCommands.DeliverAsync(context, home, contact, message);
    }

    /// <summary>The recording disguised and encoded as a fresh Ogg/Opus voice note, or a clear refusal (exit 16; 2 for an unknown effect).</summary>
    public static VoiceNote Prepare(string path, string? effect)
    {
        var error = VoiceNoteEncoder.TryEncode(MediaCommands.ReadFile(path, VoiceLimits.MaxInputBytes, "sound"), ParseEffect(effect), out var note);
        return error == VoiceError.None ? note! : throw new CliException(ExitCode.MediaRefused, Problem(error, path) + " Nothing was sent.");
    }

    private static VoiceEffect ParseEffect(string? given) => given?.ToLowerInvariant() switch
    {
        null or "normal" => VoiceEffect.Normal,
        "deep" => VoiceEffect.Deep,
        "high" => VoiceEffect.High,
        "robot" => VoiceEffect.Robot,
        _ => throw new CliException(ExitCode.Usage, $"--effect takes normal, deep, high or robot; '{given}' is none of them."),
    };

    private static string Problem(VoiceError error, string path) => error switch
    {
        VoiceError.NotAudio => $"{path} is not a sound file this can read (a WAV or an Ogg/Opus file).",
        VoiceError.UnsupportedFormat => $"{path} is a WAV or Ogg file in an encoding this cannot read (compressed WAV, more than two channels, or a rate outside 8–96 kHz).",
        VoiceError.Damaged => $"{path} is damaged: its structure or audio cannot be decoded.",
        VoiceError.Truncated => $"{path} is cut short: it ends before its own headers say it does.",
        VoiceError.FileTooLarge => $"{path} is larger than {AttachmentText.Size(VoiceLimits.MaxInputBytes)}, the most a sound file may be.",
        VoiceError.TooLong => $"{path} is longer than {VoiceLimits.MaxDurationMs / 60_000} minutes, the longest a voice note may be.",
        VoiceError.Silent => $"{path} is empty or silent: there is nothing to send.",
        _ => $"{path} cannot be sent ({error}).",
    };
}
