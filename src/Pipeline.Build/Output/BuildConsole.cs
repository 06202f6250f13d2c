using System.Diagnostics;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Pipeline.Build.Output;

/// <summary>
/// The one way text leaves the build: masks secrets, writes to the console (Spectre.Console)
/// and appends plain lines to the log file.
/// </summary>
internal sealed class BuildConsole : IBuildLog, IDisposable
{
    private readonly IAnsiConsole console;
    private readonly SecretMasker masker;
    private readonly Dictionary<string, long> lastProgress = [];
    private readonly Lock gate = new();
    private StreamWriter? logFile;

    public BuildConsole(IAnsiConsole console, SecretMasker masker)
    {
        this.console = console;
        this.masker = masker;
    }

    public void OpenLogFile(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        logFile = new StreamWriter(path, append: false) { AutoFlush = true };
    }

    public void Info(string message) => Write(message, null);
    public void Warn(string message) => Write(message, "yellow", "warning: ");
    public void Error(string message) => Write(message, "red", "error: ");

    public void MaskSecret(string value) => masker.Add([value]);

    public void Progress(string step, int done, int total)
    {
        var now = Stopwatch.GetTimestamp();
        lock (gate)
        {
            if (done < total && lastProgress.TryGetValue(step, out var last) && Stopwatch.GetElapsedTime(last, now) < TimeSpan.FromSeconds(1))
                return;
            lastProgress[step] = now;
        }

        var percent = total == 0 ? 100 : done * 100 / total;
        Write($"{step}: {done}/{total} ({percent}%)", "grey");
    }

    /// <summary>A line with a coloured lead word, like "▶ Train" or "✔ Train 1.2 s".</summary>
    public void Status(string lead, string leadColour, string rest)
    {
        var text = masker.Apply(rest);
        lock (gate)
        {
            console.MarkupLine($"[{leadColour}]{Markup.Escape(lead)}[/] {Markup.Escape(text)}");
            logFile?.WriteLine($"{DateTime.Now:HH:mm:ss.fff} {lead} {text}");
        }
    }

    /// <summary>Renders a widget (table, grid); its plain text goes to the log. Callers mask cell text with <see cref="Masked"/>.</summary>
    public void Render(IRenderable renderable, string plainText)
    {
        lock (gate)
        {
            console.Write(renderable);
            logFile?.WriteLine(plainText);
        }
    }

    public string Masked(string text) => masker.Apply(text);

    public void Dispose() => logFile?.Dispose();

    private void Write(string message, string? colour, string prefix = "")
    {
        var text = prefix + masker.Apply(message);
        lock (gate)
        {
            console.MarkupLine(colour is null ? Markup.Escape(text) : $"[{colour}]{Markup.Escape(text)}[/]");
            logFile?.WriteLine($"{DateTime.Now:HH:mm:ss.fff} {text}");
        }
    }
}
