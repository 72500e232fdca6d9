using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Offline.Cli.Output;

/// <summary>
/// Where a command's output goes: sentences for people, or with --json one JSON object per line (and
/// nothing else on stdout). Warnings and errors go to stderr in both modes.
/// </summary>
internal sealed class Printer
{
    private static readonly JsonSerializerOptions JsonLine = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, WriteIndented = false };
    private readonly object gate = new();

    public Printer(bool json)
    {
        Json = json;
        Color = !Console.IsOutputRedirected && Environment.GetEnvironmentVariable("NO_COLOR") is null;
    }

    public bool Json { get; }

    /// <summary>ANSI styling only on a terminal, and never when NO_COLOR is set.</summary>
    public bool Color { get; }

    /// <summary>A line for people; nothing in --json mode.</summary>
    public void Say(string line)
    {
        if (!Json)
        {
            Write(line);
        }
    }

    /// <summary>One JSON object in --json mode; nothing otherwise.</summary>
    public void Emit(JsonObject data)
    {
        if (Json)
        {
            Write(data.ToJsonString(JsonLine));
        }
    }

    /// <summary>The sentence for people, or the object for --json.</summary>
    public void Report(string line, JsonObject data)
    {
        Say(line);
        Emit(data);
    }

    public void Warn(string line)
    {
        lock (gate)
        {
            Console.Error.WriteLine(Color ? $"\u001b[1;33m{line}\u001b[0m" : line);
        }
    }

    /// <summary>A loud warning that cannot be missed: keys changed.</summary>
    public void Alarm(string line)
    {
        var bar = new string('!', Math.Min(72, line.Length + 4));
        Warn(bar);
        Warn("! " + line);
        Warn(bar);
    }

    public string Dim(string text) => Color ? $"\u001b[2m{text}\u001b[0m" : text;

    public string Bold(string text) => Color ? $"\u001b[1m{text}\u001b[0m" : text;

    /// <summary>Marks every case-insensitive match: reverse video on a terminal, **like this** elsewhere.</summary>
    public string Highlight(string text, string needle)
    {
        if (needle.Length == 0)
        {
            return text;
        }

        var result = new StringBuilder();
        var at = 0;
        while (true)
        {
            var found = text.IndexOf(needle, at, StringComparison.OrdinalIgnoreCase);
            if (found < 0)
            {
                return result.Append(text, at, text.Length - at).ToString();
            }

            var match = text.Substring(found, needle.Length);
            result.Append(text, at, found - at).Append(Color ? $"\u001b[7m{match}\u001b[27m" : $"**{match}**");
            at = found + needle.Length;
        }
    }

    private void Write(string line)
    {
        lock (gate)
        {
            Console.Out.WriteLine(line);
            Console.Out.Flush();
        }
    }
}
