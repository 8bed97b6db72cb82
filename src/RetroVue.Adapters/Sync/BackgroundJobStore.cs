using Hangfire;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using Npgsql;

namespace RetroVue.Adapters.Sync;

/// <summary>
/// Hangfire's job storage in RetroVue's own database, in a schema of its own. Hangfire creates and upgrades that
/// schema with its own scripts; they are run here under a PostgreSQL advisory lock, because two nodes (or two test
/// hosts) starting together would otherwise race on creating the same objects and one could give up half-way.
/// </summary>
public static class BackgroundJobStore
{
    public const string Schema = "hangfire";

    private const long SchemaLockKey = 0x52565f68_616e6766; // "RV_hangf"

    public static JobStorage Open(string connectionString, SourceSyncOptions settings)
    {
        PrepareSchema(connectionString);
        var options = new PostgreSqlStorageOptions
        {
            SchemaName = Schema,
            PrepareSchemaIfNecessary = false,
            QueuePollInterval = settings.PollInterval,

            // A long sync keeps its job invisible to other nodes while it runs; a node that dies lets it go.
            UseSlidingInvisibilityTimeout = true,
        };
        return new PostgreSqlStorage(new NpgsqlConnectionFactory(connectionString, options, null), options);
    }

    private static void PrepareSchema(string connectionString)
    {
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        using (var lockCommand = new NpgsqlCommand($"SELECT pg_advisory_lock({SchemaLockKey})", connection))
        {
            lockCommand.ExecuteNonQuery();
        }

        try
        {
            PostgreSqlObjectsInstaller.Install(connection, Schema);
        }
        finally
        {
            using var unlock = new NpgsqlCommand($"SELECT pg_advisory_unlock({SchemaLockKey})", connection);
            unlock.ExecuteNonQuery();
        }
    }
}
