using System.Globalization;
using RetroVue.App.Ingest;
using Spectre.Console;

namespace RetroVue.Cli.Output;

/// <summary>
/// Shows a running ingest: a live status line on a terminal, a plain line every few seconds otherwise
/// (logs, pipes). Files found / probed / failed, rate and ETA.
/// </summary>
public sealed class IngestProgressDisplay : IProgress<IngestProgress>
{
    private static readonly TimeSpan PlainInterval = TimeSpan.FromSeconds(2);
    private readonly TextWriter _output;
    private readonly bool _live;
    private readonly Lock _gate = new();
    private TimeSpan? _lastPlainLine;
    private TimeSpan? _probingStarted;
    private IngestProgress? _last;

    public IngestProgressDisplay(TextWriter output)
    {
        _output = output;
        _live = ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected;
    }

    public void Report(IngestProgress value)
    {
        lock (_gate)
        {
            if (value.Phase == IngestPhase.Probing && _probingStarted is null)
            {
                _probingStarted = value.Elapsed;
            }

            _last = value;
            var line = TerminalText.Escape(Describe(value));
            if (_live)
            {
                _output.Write("\r" + line.PadRight(Math.Max(0, Console.WindowWidth - 1))[..Math.Max(0, Math.Min(line.Length + 20, Console.WindowWidth - 1))]);
                return;
            }

            if (value.Phase == IngestPhase.Done || _lastPlainLine is not { } last || value.Elapsed - last >= PlainInterval)
            {
                _lastPlainLine = value.Elapsed;
                _output.WriteLine(line);
            }
        }
    }

    /// <summary>Ends the live line so the summary starts on a fresh one.</summary>
    public void Finish()
    {
        lock (_gate)
        {
            if (_live && _last is not null)
            {
                _output.WriteLine();
            }
        }
    }

    public string Describe(IngestProgress p)
    {
        var text = string.Create(CultureInfo.InvariantCulture, $"{p.Source}: {p.Phase.ToString().ToLowerInvariant()} | found {p.FilesFound}");
        if (p.Phase is IngestPhase.Probing or IngestPhase.Done && p.ToProbe > 0)
        {
            var probingElapsed = p.Elapsed - (_probingStarted ?? p.Elapsed);
            var rate = p.ProbeRate(probingElapsed);
            var left = p.ToProbe - p.Probed - p.Failed;
            var eta = rate > 0 ? TimeSpan.FromSeconds(left / rate) : (TimeSpan?)null;
            text += string.Create(
                CultureInfo.InvariantCulture,
                $" | probed {p.Probed}/{p.ToProbe} | failed {p.Failed} | {rate:0.0} files/s | ETA {(eta is { } e ? FormatDuration(e) : "--")}");
        }

        return text + $" | {FormatDuration(p.Elapsed)}";
    }

    public static void WriteSummary(TextWriter output, IngestSummary s)
    {
        output.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{TerminalText.Escape(s.Source)}: {s.FilesFound} files found in {FormatDuration(s.Elapsed)}: {s.Added} added, {s.Updated} updated, {s.Unchanged} unchanged, "
            + $"{s.Retired} retired; {s.Probed} probed, {s.ProbeFailures} failed to probe; {s.SentToReview} sent to review."));
        foreach (var problem in s.Problems.Take(20))
        {
            output.WriteLine($"  warning: {TerminalText.Escape(problem.Path.Length > 0 ? problem.Path + ": " : "")}{TerminalText.Escape(problem.Message)}");
        }

        if (s.Problems.Count > 20)
        {
            output.WriteLine($"  ... and {s.Problems.Count - 20} more warnings (run with --verbose to log them all).");
        }
    }

    private static string FormatDuration(TimeSpan span) =>
        span.TotalHours >= 1 ? span.ToString(@"h\:mm\:ss", CultureInfo.InvariantCulture) : span.ToString(@"m\:ss\.f", CultureInfo.InvariantCulture);
}
