using System.Reflection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace RetroVue.Adapters.Persistence;

/// <summary>
/// Applies the versioned SQL migrations embedded in this assembly (Persistence/Migrations/NNNN_name.sql),
/// each in its own transaction, in order, once. A PostgreSQL advisory lock makes concurrent
/// migrators wait for each other, so two processes starting together cannot break the schema.
/// </summary>
public sealed class DatabaseMigrator(ILogger<DatabaseMigrator> logger)
{
    private const long MigrationLockKey = 0x52657472_6F567565; // "RetroVue"
    private const string ResourcePrefix = "RetroVue.Adapters.Persistence.Migrations.";

    public static IReadOnlyList<Migration> All { get; } = LoadMigrations();

    public async Task<IReadOnlyList<string>> MigrateAsync(string connectionString, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await ExecuteAsync(connection, $"SELECT pg_advisory_lock({MigrationLockKey})", cancellationToken);
        try
        {
            await ExecuteAsync(
                connection,
                "CREATE TABLE IF NOT EXISTS retrovue_schema_migrations (id text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())",
                cancellationToken);
            var applied = await ReadAppliedAsync(connection, cancellationToken);
            var unknown = applied.Except(All.Select(m => m.Id)).ToList();
            if (unknown.Count > 0)
            {
                throw new App.Common.UserFacingException(
                    $"The database has migrations this RetroVue does not know ({string.Join(", ", unknown)}): it was migrated by a newer version.");
            }

            var done = new List<string>();
            foreach (var migration in All.Where(m => !applied.Contains(m.Id)))
            {
                await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
                await using (var command = new NpgsqlCommand(migration.Sql, connection, transaction))
                {
                    await command.ExecuteNonQueryAsync(cancellationToken);
                }

                await using (var record = new NpgsqlCommand("INSERT INTO retrovue_schema_migrations (id) VALUES ($1)", connection, transaction))
                {
                    record.Parameters.AddWithValue(migration.Id);
                    await record.ExecuteNonQueryAsync(cancellationToken);
                }

                await transaction.CommitAsync(cancellationToken);
                logger.LogInformation("Applied migration {Migration}", migration.Id);
                done.Add(migration.Id);
            }

            return done;
        }
        finally
        {
            await ExecuteAsync(connection, $"SELECT pg_advisory_unlock({MigrationLockKey})", CancellationToken.None);
        }
    }

    private static async Task<HashSet<string>> ReadAppliedAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var applied = new HashSet<string>(StringComparer.Ordinal);
        await using var command = new NpgsqlCommand("SELECT id FROM retrovue_schema_migrations", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            applied.Add(reader.GetString(0));
        }

        return applied;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static List<Migration> LoadMigrations()
    {
        var assembly = typeof(DatabaseMigrator).Assembly;
        return assembly.GetManifestResourceNames()
            .Where(name => name.StartsWith(ResourcePrefix, StringComparison.Ordinal) && name.EndsWith(".sql", StringComparison.Ordinal))
            .Select(name => new Migration(name[ResourcePrefix.Length..^".sql".Length], ReadResource(assembly, name)))
            .OrderBy(m => m.Id, StringComparer.Ordinal)
            .ToList();
    }

    private static string ReadResource(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}

public sealed record Migration(string Id, string Sql);
