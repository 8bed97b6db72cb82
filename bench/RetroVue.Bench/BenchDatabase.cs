using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using RetroVue.Adapters.Persistence;
using RetroVue.Adapters.Persistence.Embedded;

namespace RetroVue.Bench;

internal static class BenchDatabase
{
    /// <summary>A new, migrated database in the bench's private cluster; returns its connection string.</summary>
    public static async Task<string> CreateMigratedAsync(EmbeddedPostgresCluster cluster, string prefix, CancellationToken cancellationToken)
    {
        var database = $"{prefix}_{Guid.NewGuid():N}"[..Math.Min(40, prefix.Length + 33)];
        await using (var admin = new NpgsqlConnection(cluster.ConnectionStringFor("postgres")))
        {
            await admin.OpenAsync(cancellationToken);
            await using var create = new NpgsqlCommand($"CREATE DATABASE {database}", admin);
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        var connectionString = cluster.ConnectionStringFor(database);
        await new DatabaseMigrator(NullLogger<DatabaseMigrator>.Instance).MigrateAsync(connectionString, cancellationToken);
        return connectionString;
    }
}
