using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using RetroVue.Adapters.Processes;
using RetroVue.Domain.Library;
using RetroVue.Tests.Support;

namespace RetroVue.Tests.Cli;

/// <summary>Ctrl+C during `retrovue ingest` stops cleanly and keeps what was committed.</summary>
public sealed class IngestInterruptTests
{
    [Fact]
    public async Task Ctrl_C_while_probing_exits_cleanly_keeping_the_probed_files_and_plain_progress_lines()
    {
        var database = await TestPostgres.CreateDatabaseAsync();
        using var folder = TestMedia.CreateFolder();
        var clip = await TestMedia.VideoAsync(folder.File("clip.mp4"), seconds: 0.5);
        var season = Path.Combine(folder.Path, "Show", "Season 01");
        Directory.CreateDirectory(season);
        for (var i = 1; i <= 40; i++)
        {
            File.Copy(clip, Path.Combine(season, $"Show - S01E{i:00}.mp4"));
        }

        File.Delete(clip);
        var cli = new CliRunner(database);
        Assert.Equal(0, (await cli.RunAsync("source", "add", "filesystem", "tv", "--path", folder.Path, "--kind", "shows")).ExitCode);

        var startInfo = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { Path.Combine(AppContext.BaseDirectory, "retrovue.dll"), "ingest", "tv" })
        {
            startInfo.ArgumentList.Add(argument);
        }

        startInfo.Environment["RETROVUE_DB"] = database;
        startInfo.Environment["RETROVUE_Ingest__ProbeParallelism"] = "1";
        startInfo.Environment["RETROVUE_Ingest__BatchSize"] = "1";
        using var ingest = Process.Start(startInfo)!;
        var stderr = ingest.StandardError.ReadToEndAsync();
        var lines = new List<string>();
        try
        {
            while (await ingest.StandardOutput.ReadLineAsync() is { } line)
            {
                lines.Add(line);
                if (line.Contains("probing", StringComparison.Ordinal) && line.Contains("probed", StringComparison.Ordinal) && !line.Contains("probed 0/", StringComparison.Ordinal))
                {
                    await ProcessRunner.RunAsync("kill", ["-INT", ingest.Id.ToString()], TimeSpan.FromSeconds(5));
                    break;
                }
            }

            lines.AddRange((await ingest.StandardOutput.ReadToEndAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries));
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await ingest.WaitForExitAsync(timeout.Token);
        }
        finally
        {
            ProcessRunner.KillTree(ingest);
        }

        Assert.Equal(130, ingest.ExitCode);
        Assert.Contains("Cancelled; what was committed before is kept.", await stderr);
        Assert.All(lines, line => Assert.DoesNotContain("\r", line));

        await using var db = TestPostgres.CreateContext(database);
        var assets = await db.Assets.AsNoTracking().ToListAsync();
        Assert.Equal(40, assets.Count);
        var probed = assets.Count(a => a.ProbeStatus == ProbeStatus.Succeeded);
        Assert.InRange(probed, 1, 39);

        var rest = await cli.RunAsync("ingest", "tv");
        Assert.Equal(0, rest.ExitCode);
        Assert.Contains($"{40 - probed} probed", rest.StandardOutput);
    }
}
