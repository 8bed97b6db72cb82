using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Npgsql;
using RetroVue.Adapters.Processes;
using RetroVue.App.Common;

namespace RetroVue.Adapters.Persistence.Embedded;

/// <summary>
/// A private PostgreSQL cluster kept inside RetroVue's data folder: created on first use, reused
/// afterwards, reachable through a unix socket only (no TCP listener), and stopped by the process
/// that started it. Runs the server as the 'postgres' user when RetroVue runs as root, because
/// initdb refuses root.
/// </summary>
public sealed class EmbeddedPostgresCluster : IAsyncDisposable
{
    public const string SuperUser = "retrovue";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly PostgresBinaries _binaries;
    private readonly ILogger _logger;
    private readonly string? _runAsUser;
    private FileStream? _usage;
    private int _stopped;

    private EmbeddedPostgresCluster(string clusterDirectory, PostgresBinaries binaries, ILogger logger)
    {
        ClusterDirectory = Path.GetFullPath(clusterDirectory);
        DataDirectory = Path.Combine(ClusterDirectory, "data");
        SocketDirectory = ChooseSocketDirectory(ClusterDirectory);
        _binaries = binaries;
        _logger = logger;
        _runAsUser = IsRoot() ? "postgres" : null;
    }

    public string ClusterDirectory { get; }
    public string DataDirectory { get; }
    public string SocketDirectory { get; }

    /// <summary>The server's own log; in a folder of its own because the server user must be able to write it.</summary>
    public string LogFile => Path.Combine(ClusterDirectory, "log", "postgres.log");

    /// <summary>True when this process started the server; false when it found it running (another RetroVue, or one that crashed).</summary>
    public bool StartedServer { get; private set; }

    private string StartLockFile => Path.Combine(ClusterDirectory, "cluster.lock");

    /// <summary>Every RetroVue using the server holds a shared lock on this file; an exclusive lock is possible only for the last one.</summary>
    private string UsageLockFile => Path.Combine(ClusterDirectory, "users.lock");

    public string ConnectionStringFor(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = SocketDirectory,
        Username = SuperUser,
        Database = database,
        Pooling = true,
        MaxPoolSize = 50,
    }.ConnectionString;

    /// <summary>Creates the cluster if needed, starts it unless it already runs, and makes sure <paramref name="database"/> exists.</summary>
    /// <param name="maxConnections">
    /// The server's connection limit when this call starts it (PostgreSQL's default, 100, when null); a test run that
    /// gives every test its own database and pool needs more.
    /// </param>
    public static async Task<EmbeddedPostgresCluster> StartAsync(string clusterDirectory, string database, ILogger logger, CancellationToken cancellationToken, int? maxConnections = null)
    {
        var cluster = new EmbeddedPostgresCluster(clusterDirectory, PostgresBinaries.Locate(), logger);
        try
        {
            await cluster.StartCoreAsync(maxConnections, cancellationToken);
            await cluster.EnsureDatabaseAsync(database, cancellationToken);
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    private async Task StartCoreAsync(int? maxConnections, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(ClusterDirectory);

        // Two RetroVue processes starting (or one starting and one stopping) take turns here; the second finds the server running.
        await using var startLock = await FileLock.AcquireAsync(StartLockFile, cancellationToken);
        _usage = new FileStream(UsageLockFile, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.ReadWrite);

        if (!File.Exists(Path.Combine(DataDirectory, "PG_VERSION")))
        {
            await InitializeAsync(cancellationToken);
        }

        PrepareSocketDirectory();
        if (await IsRunningAsync(cancellationToken))
        {
            _logger.LogInformation("Using the embedded PostgreSQL already running in {Directory}; the last RetroVue using it stops it", DataDirectory);
            return;
        }

        RemoveStalePidFile();
        var options = $"-k {ShellQuote(SocketDirectory)} -c listen_addresses='' -c unix_socket_permissions=0700";
        if (maxConnections is { } limit)
        {
            options += $" -c max_connections={limit.ToString(CultureInfo.InvariantCulture)}";
        }

        var result = await RunPgToolAsync(
            _binaries.PgCtl,
            ["-D", DataDirectory, "-l", LogFile, "-w", "-t", ((int)StartTimeout.TotalSeconds).ToString(), "-o", options, "start"],
            StartTimeout + TimeSpan.FromSeconds(10),
            cancellationToken);
        if (!result.Succeeded)
        {
            if (await IsRunningAsync(cancellationToken))
            {
                return;
            }

            throw new UserFacingException(
                $"The embedded PostgreSQL in {DataDirectory} did not start: {LastLine(result.StandardError + result.StandardOutput)} "
                + $"(see {LogFile}).");
        }

        StartedServer = true;
        _logger.LogInformation("Started the embedded PostgreSQL in {Directory}", DataDirectory);
    }

    private async Task InitializeAsync(CancellationToken cancellationToken)
    {
        if (Directory.Exists(DataDirectory) && Directory.EnumerateFileSystemEntries(DataDirectory).Any())
        {
            throw new UserFacingException(
                $"{DataDirectory} is not empty but holds no PostgreSQL cluster (PG_VERSION is missing). Move it away or choose another data folder.");
        }

        Directory.CreateDirectory(DataDirectory);
        await GiveToServerUserAsync(DataDirectory, cancellationToken);
        _logger.LogInformation("Creating the embedded PostgreSQL cluster in {Directory}", DataDirectory);
        var result = await RunPgToolAsync(
            _binaries.InitDb,
            ["-D", DataDirectory, "-U", SuperUser, "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync"],
            TimeSpan.FromMinutes(2),
            cancellationToken);
        if (!result.Succeeded)
        {
            var why = LastLine(result.StandardError + result.StandardOutput);
            if (_runAsUser is not null && why.Contains("ermission denied", StringComparison.Ordinal))
            {
                why += $" (the server runs as '{_runAsUser}', which needs to reach {ClusterDirectory}; choose a data folder outside /root, e.g. --data-dir /var/lib/retrovue)";
            }

            throw new UserFacingException($"Could not create the embedded PostgreSQL cluster in {DataDirectory}: {why}");
        }
    }

    private void PrepareSocketDirectory()
    {
        var logDirectory = Path.GetDirectoryName(LogFile)!;
        Directory.CreateDirectory(SocketDirectory);
        Directory.CreateDirectory(logDirectory);
        if (_runAsUser is not null)
        {
            Chown(SocketDirectory, _runAsUser);
            Chown(logDirectory, _runAsUser);
        }
    }

    private async Task<bool> IsRunningAsync(CancellationToken cancellationToken)
    {
        var status = await RunPgToolAsync(_binaries.PgCtl, ["-D", DataDirectory, "status"], TimeSpan.FromSeconds(15), cancellationToken);
        if (status.ExitCode != 0)
        {
            return false;
        }

        // A server of this data folder runs; make sure it listens where we look (it may have been started by hand).
        return File.Exists(Path.Combine(SocketDirectory, ".s.PGSQL.5432"));
    }

    /// <summary>
    /// A killed server leaves postmaster.pid behind. When the PID in it is no longer a postgres
    /// process (it may have been reused by anything), the file is stale and is removed.
    /// </summary>
    private void RemoveStalePidFile()
    {
        var pidFile = Path.Combine(DataDirectory, "postmaster.pid");
        if (!File.Exists(pidFile))
        {
            return;
        }

        var firstLine = File.ReadLines(pidFile).FirstOrDefault();
        if (int.TryParse(firstLine, out var pid) && IsPostgresProcess(pid))
        {
            return;
        }

        _logger.LogWarning("Removing a stale postmaster.pid (PID {Pid}) left by a previous run", firstLine);
        File.Delete(pidFile);
        foreach (var socketLock in Directory.EnumerateFiles(SocketDirectory, ".s.PGSQL.*"))
        {
            File.Delete(socketLock);
        }
    }

    private static bool IsPostgresProcess(int pid)
    {
        try
        {
            var comm = File.ReadAllText($"/proc/{pid}/comm").Trim();
            return comm.StartsWith("postgres", StringComparison.Ordinal) || comm.StartsWith("postmaster", StringComparison.Ordinal);
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return true;
        }
    }

    private async Task EnsureDatabaseAsync(string database, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(ConnectionStringFor("postgres"));
        await connection.OpenAsync(cancellationToken);
        await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = $1", connection);
        exists.Parameters.AddWithValue(database);
        if (await exists.ExecuteScalarAsync(cancellationToken) is not null)
        {
            return;
        }

        await using var create = new NpgsqlCommand($"CREATE DATABASE \"{database.Replace("\"", "\"\"", StringComparison.Ordinal)}\"", connection);
        try
        {
            await create.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.DuplicateDatabase)
        {
            // Another process created it meanwhile.
        }
    }

    /// <summary>Stops the server if no other RetroVue process uses it; otherwise leaves it running for them.</summary>
    public async Task StopAsync()
    {
        if (_usage is null || Interlocked.Exchange(ref _stopped, 1) == 1)
        {
            return;
        }

        NpgsqlConnection.ClearAllPools();
        await using var startLock = await FileLock.AcquireAsync(StartLockFile, CancellationToken.None);
        await _usage.DisposeAsync();
        if (!IsLastUser())
        {
            _logger.LogInformation("Leaving the embedded PostgreSQL running for the other RetroVue using it");
            return;
        }

        if (!File.Exists(Path.Combine(DataDirectory, "postmaster.pid")))
        {
            return;
        }

        var result = await RunPgToolAsync(_binaries.PgCtl, ["-D", DataDirectory, "-m", "fast", "-w", "-t", "30", "stop"], TimeSpan.FromSeconds(40), CancellationToken.None);
        if (result.Succeeded)
        {
            _logger.LogInformation("Stopped the embedded PostgreSQL");
        }
        else
        {
            _logger.LogWarning("The embedded PostgreSQL did not stop cleanly: {Error}", LastLine(result.StandardError));
        }
    }

    /// <summary>An exclusive lock on the usage file succeeds only when no other process holds its shared one.</summary>
    private bool IsLastUser()
    {
        try
        {
            using var exclusive = new FileStream(UsageLockFile, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            return true;
        }
        catch (IOException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    private Task<ProcessResult> RunPgToolAsync(string tool, IReadOnlyList<string> arguments, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (_runAsUser is null)
        {
            return ProcessRunner.RunAsync(tool, arguments, timeout, cancellationToken);
        }

        return ProcessRunner.RunAsync("runuser", ["-u", _runAsUser, "--", tool, .. arguments], new ProcessOptions(timeout, "/"), cancellationToken);
    }

    private async Task GiveToServerUserAsync(string directory, CancellationToken cancellationToken)
    {
        if (_runAsUser is null)
        {
            return;
        }

        Chown(directory, _runAsUser);
        var probe = await ProcessRunner.RunAsync("runuser", ["-u", _runAsUser, "--", "test", "-w", directory], new ProcessOptions(TimeSpan.FromSeconds(10), "/"), cancellationToken);
        if (!probe.Succeeded)
        {
            throw new UserFacingException(
                $"RetroVue runs as root, so its PostgreSQL runs as '{_runAsUser}', which cannot reach {directory}. "
                + "Choose a data folder every user can traverse, e.g. --data-dir /var/lib/retrovue.");
        }
    }

    private static void Chown(string path, string user)
    {
        var result = ProcessRunner.RunAsync("chown", [user, path], TimeSpan.FromSeconds(10)).GetAwaiter().GetResult();
        if (!result.Succeeded)
        {
            throw new UserFacingException($"Cannot hand {path} to user '{user}': {LastLine(result.StandardError)}. Is the Debian package 'postgresql' installed?");
        }
    }

    /// <summary>Unix socket paths are limited to about 107 bytes; a deep data folder gets its socket in /tmp instead.</summary>
    private static string ChooseSocketDirectory(string clusterDirectory)
    {
        var preferred = Path.Combine(clusterDirectory, "run");
        if (Encoding.UTF8.GetByteCount(preferred) + "/.s.PGSQL.5432.lock".Length < 100)
        {
            return preferred;
        }

        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(clusterDirectory)))[..16].ToLowerInvariant();
        return Path.Combine("/tmp", $"retrovue-pg-{hash}");
    }

    private static string ShellQuote(string value) => "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    private static string LastLine(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? "no output";

    // Environment.UserName resolves the effective uid on Unix.
    private static bool IsRoot() => OperatingSystem.IsLinux() && Environment.UserName == "root";
}
