using System.Text;
using Offline.Cli.Errors;

namespace Offline.Cli.CommandLine;

/// <summary>The passphrase: OFFLINE_PASSPHRASE, else asked on the terminal without echo, else a clear error.</summary>
internal static class Passphrase
{
    public static string Read(string home, bool confirm)
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("OFFLINE_PASSPHRASE");
        if (!string.IsNullOrEmpty(fromEnvironment))
        {
            return fromEnvironment;
        }

        if (Console.IsInputRedirected)
        {
            throw new CliException(ExitCode.Locked, "No passphrase: set OFFLINE_PASSPHRASE, or run this command in a terminal to be asked for it.");
        }

        var passphrase = Prompt(confirm ? $"Choose a passphrase for {home}: " : $"Passphrase for {home}: ");
        if (passphrase.Length == 0)
        {
            throw new CliException(ExitCode.Locked, "The passphrase is empty; nothing was changed.");
        }

        if (confirm && Prompt("Repeat it: ") != passphrase)
        {
            throw new CliException(ExitCode.Locked, "The two passphrases differ; nothing was created. Try again.");
        }

        return passphrase;
    }

    private static string Prompt(string question)
    {
        Console.Error.Write(question);
        var typed = new StringBuilder();
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter)
            {
                Console.Error.WriteLine();
                return typed.ToString();
            }

            if (key.Key == ConsoleKey.Backspace)
            {
                if (typed.Length > 0)
                {
                    typed.Length--;
                }
            }
            else if (!char.IsControl(key.KeyChar))
            {
                typed.Append(key.KeyChar);
            }
        }
    }
}
