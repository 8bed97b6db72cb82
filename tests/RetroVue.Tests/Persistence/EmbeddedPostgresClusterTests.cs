using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using RetroVue.Adapters.Persistence.Embedded;
using RetroVue.Tests.Cli;

namespace RetroVue.Tests.Persistence;

/// <summary>The private cluster RetroVue runs when no database server is configured.</summary>
public sealed class EmbeddedPostgresClusterTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "rv-embedded-" + Guid.NewGuid().ToString("N")[..8]);

    [Fact]
    public async Task It_is_created_on_first_start_listens_on_a_unix_socket_only_and_keeps_data_across_restarts()
    {
        await using (var cluster = await EmbeddedPostgresCluster.StartAsync(_directory, "retrovue", NullLogger.Instance, CancellationToken.None))
        {
            Assert.True(cluster.StartedServer);
            Assert.Equal(string.Empty, await ScalarAsync(cluster, "SHOW listen_addresses"));
            await ScalarAsync(cluster, "CREATE TABLE kept (n int); INSERT INTO kept VALUES (42); SELECT 'ok'");
        }

        Assert.False(File.Exists(Path.Combine(_directory, "data", "postmaster.pid")), "a clean stop removes postmaster.pid");

        await using var again = await EmbeddedPostgresCluster.StartAsync(_directory, "retrovue", NullLogger.Instance, CancellationToken.None);
        Assert.Equal("42", await ScalarAsync(again, "SELECT n::text FROM kept"));
    }

    [Fact]
    public async Task A_second_process_reuses_the_running_server_and_leaves_it_running_when_it_exits()
    {
        await using var first = await EmbeddedPostgresCluster.StartAsync(_directory, "retrovue", NullLogger.Instance, CancellationToken.None);
        await using (var second = await EmbeddedPostgresCluster.StartAsync(_directory, "retrovue", NullLogger.Instance, CancellationToken.None))
        {
            Assert.False(second.StartedServer);
        }

        Assert.Equal("1", await ScalarAsync(first, "SELECT 1::text"));
    }

    [Fact]
    public async Task The_last_process_to_leave_stops_the_server_whichever_started_it()
    {
        var first = await EmbeddedPostgresCluster.StartAsync(_directory, "retrovue", NullLogger.Instance, CancellationToken.None);
        await using var second = await EmbeddedPostgresCluster.StartAsync(_directory, "retrovue", NullLogger.Instance, CancellationToken.None);
        Assert.True(first.StartedServer);

        await first.DisposeAsync();
        Assert.Equal("1", await ScalarAsync(second, "SELECT 1::text"));

        await second.DisposeAsync();
        Assert.False(File.Exists(PostmasterPid), "the last user stops the server it adopted");
    }

    [Fact]
    public async Task A_server_left_running_by_a_killed_retrovue_is_adopted_and_stopped_when_the_next_run_exits()
    {
        var dataDirectory = Path.Combine(_directory, "data-folder");
        var serve = ServeTests.ServeStartInfo("unused", port: 0);
        serve.Environment.Remove("RETROVUE_DB");
        serve.Environment["RETROVUE_DATA_DIR"] = dataDirectory;
        using (var crashed = Process.Start(serve)!)
        {
            var announced = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            crashed.OutputDataReceived += (_, line) =>
            {
                if (line.Data?.Contains("RetroVue is on the air at ", StringComparison.Ordinal) == true)
                {
                    announced.TrySetResult();
                }
            };
            crashed.ErrorDataReceived += (_, _) => { };
            crashed.BeginOutputReadLine();
            crashed.BeginErrorReadLine();
            var first = await Task.WhenAny(announced.Task, crashed.WaitForExitAsync(), Task.Delay(TimeSpan.FromMinutes(3)));
            Assert.True(first == announced.Task, "retrovue serve did not come on the air over its embedded PostgreSQL");

            // SIGKILL: no shutdown code runs, as in a crash or an OOM kill.
            crashed.Kill(entireProcessTree: false);
            await crashed.WaitForExitAsync();
            Assert.True(File.Exists(Path.Combine(dataDirectory, "postgres", "data", "postmaster.pid")), "the server outlives the killed process");
        }

        var next = await EmbeddedPostgresCluster.StartAsync(Path.Combine(dataDirectory, "postgres"), "retrovue", NullLogger.Instance, CancellationToken.None);
        Assert.False(next.StartedServer);
        Assert.Equal("1", await ScalarAsync(next, "SELECT 1::text"));

        await next.DisposeAsync();
        Assert.False(File.Exists(Path.Combine(dataDirectory, "postgres", "data", "postmaster.pid")), "the adopting run stops the server when it exits");
    }

    [Fact]
    public async Task A_crashed_previous_run_does_not_block_the_next_start()
    {
        await using (var crashed = await EmbeddedPostgresCluster.StartAsync(_directory, "retrovue", NullLogger.Instance, CancellationToken.None))
        {
            var postmaster = int.Parse(File.ReadLines(Path.Combine(_directory, "data", "postmaster.pid")).First());
            NpgsqlConnection.ClearAllPools();
            Process.GetProcessById(postmaster).Kill();
            await WaitForExitAsync(postmaster);

            // The PID is now reused by something that is not PostgreSQL (this test process).
            var pidFile = Path.Combine(_directory, "data", "postmaster.pid");
            var lines = File.ReadAllLines(pidFile);
            lines[0] = Environment.ProcessId.ToString();
            File.WriteAllLines(pidFile, lines);
        }

        await using var restarted = await EmbeddedPostgresCluster.StartAsync(_directory, "retrovue", NullLogger.Instance, CancellationToken.None);
        Assert.True(restarted.StartedServer);
        Assert.Equal("1", await ScalarAsync(restarted, "SELECT 1::text"));
    }

    [Fact]
    public async Task A_folder_that_holds_something_else_is_refused_with_a_clear_message()
    {
        Directory.CreateDirectory(Path.Combine(_directory, "data"));
        await File.WriteAllTextAsync(Path.Combine(_directory, "data", "notes.txt"), "mine");
        var error = await Assert.ThrowsAsync<RetroVue.App.Common.UserFacingException>(
            () => EmbeddedPostgresCluster.StartAsync(_directory, "retrovue", NullLogger.Instance, CancellationToken.None));
        Assert.Contains("not empty", error.Message);
        Assert.True(File.Exists(Path.Combine(_directory, "data", "notes.txt")), "nothing of the operator's is touched");
    }

    private string PostmasterPid => Path.Combine(_directory, "data", "postmaster.pid");

    private static async Task<string?> ScalarAsync(EmbeddedPostgresCluster cluster, string sql)
    {
        await using var connection = new NpgsqlConnection(cluster.ConnectionStringFor("retrovue"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (await command.ExecuteScalarAsync())?.ToString();
    }

    private static async Task WaitForExitAsync(int pid)
    {
        for (var i = 0; i < 100 && File.Exists($"/proc/{pid}/status") && !File.ReadAllText($"/proc/{pid}/status").Contains("State:\tZ", StringComparison.Ordinal); i++)
        {
            await Task.Delay(50);
        }
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
