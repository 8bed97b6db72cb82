using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using RetroVue.Adapters.Persistence;
using RetroVue.Adapters.Persistence.Embedded;

namespace RetroVue.Tests.Support;

/// <summary>
/// One throwaway PostgreSQL cluster per test run, started the same way RetroVue starts its embedded
/// one. A template database is migrated once; every test database is a fast copy of it.
/// Set RETROVUE_TEST_DB to a server's connection string to use that server instead.
/// </summary>
public static class TestPostgres
{
    private const string TemplateDatabase = "retrovue_template";

    /// <summary>Tests run in parallel and servers under test keep pools of their own: PostgreSQL's default 100 is too tight.</summary>
    private const int MaxConnections = 400;
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static EmbeddedPostgresCluster? _cluster;
    private static string? _serverConnectionString;
    private static int _counter;

    public static string ClusterDirectory { get; } = Path.Combine(Path.GetTempPath(), $"retrovue-tests-{Environment.ProcessId}");

    /// <summary>A new, migrated, empty database; returns its connection string.</summary>
    public static async Task<string> CreateDatabaseAsync(string? template = TemplateDatabase)
    {
        var server = await ServerAsync();
        // At most 40 characters, however short the process id and the counter are (a 3-digit pid made it shorter than 40).
        var name = $"t{Environment.ProcessId}_{Interlocked.Increment(ref _counter)}_{Guid.NewGuid():N}";
        name = name[..Math.Min(40, name.Length)];
        await using var connection = new NpgsqlConnection(With(server, "postgres"));
        await connection.OpenAsync();
        var templateClause = template is null ? "TEMPLATE template0" : $"TEMPLATE {template}";
        await using var create = new NpgsqlCommand($"CREATE DATABASE {name} {templateClause}", connection);
        await create.ExecuteNonQueryAsync();
        return With(server, name);
    }

    /// <summary>An empty database with no schema at all (for migration tests).</summary>
    public static Task<string> CreateEmptyDatabaseAsync() => CreateDatabaseAsync(template: null);

    public static RetroVueDbContext CreateContext(string connectionString) =>
        new(new DbContextOptionsBuilder<RetroVueDbContext>().UseNpgsql(connectionString).Options);

    private static async Task<string> ServerAsync()
    {
        if (_serverConnectionString is not null)
        {
            return _serverConnectionString;
        }

        await Gate.WaitAsync();
        try
        {
            if (_serverConnectionString is not null)
            {
                return _serverConnectionString;
            }

            var external = Environment.GetEnvironmentVariable("RETROVUE_TEST_DB");
            string server;
            if (!string.IsNullOrWhiteSpace(external))
            {
                server = external;
            }
            else
            {
                RemoveLeftoversOfDeadRuns();
                _cluster = await EmbeddedPostgresCluster.StartAsync(ClusterDirectory, "postgres", NullLogger.Instance, CancellationToken.None, maxConnections: MaxConnections);
                AppDomain.CurrentDomain.ProcessExit += (_, _) => StopCluster();
                server = _cluster.ConnectionStringFor("postgres");
            }

            await CreateTemplateAsync(server);
            _serverConnectionString = server;
            return server;
        }
        finally
        {
            Gate.Release();
        }
    }

    private static async Task CreateTemplateAsync(string server)
    {
        await using (var connection = new NpgsqlConnection(With(server, "postgres")))
        {
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {TemplateDatabase} WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {TemplateDatabase} TEMPLATE template0", connection);
            await create.ExecuteNonQueryAsync();
        }

        var templateConnection = With(server, TemplateDatabase);
        await new DatabaseMigrator(NullLogger<DatabaseMigrator>.Instance).MigrateAsync(templateConnection, CancellationToken.None);

        // A template must have no open connections when it is copied.
        NpgsqlConnection.ClearAllPools();
    }

    private static void StopCluster()
    {
        if (_cluster is null)
        {
            return;
        }

        _cluster.StopAsync().GetAwaiter().GetResult();
        try
        {
            Directory.Delete(ClusterDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    /// <summary>A test run that was killed leaves its cluster running; stop and delete those of processes that are gone.</summary>
    private static void RemoveLeftoversOfDeadRuns()
    {
        foreach (var directory in Directory.EnumerateDirectories(Path.GetTempPath(), "retrovue-tests-*"))
        {
            if (!int.TryParse(Path.GetFileName(directory)["retrovue-tests-".Length..], out var pid) || pid == Environment.ProcessId)
            {
                continue;
            }

            if (File.Exists($"/proc/{pid}/status"))
            {
                continue;
            }

            var pidFile = Path.Combine(directory, "data", "postmaster.pid");
            if (File.Exists(pidFile) && int.TryParse(File.ReadLines(pidFile).FirstOrDefault(), out var postmaster))
            {
                try
                {
                    System.Diagnostics.Process.GetProcessById(postmaster).Kill();
                }
                catch (ArgumentException)
                {
                }
                catch (InvalidOperationException)
                {
                }
            }

            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }

    /// <summary>
    /// Every test has its own database, so its own connection pool; idle connections are closed after a few seconds
    /// instead of Npgsql's five minutes, or a full run would hold hundreds of them open at once.
    /// </summary>
    private static string With(string server, string database) =>
        new NpgsqlConnectionStringBuilder(server) { Database = database, ConnectionIdleLifetime = 3, ConnectionPruningInterval = 1 }.ConnectionString;
}
