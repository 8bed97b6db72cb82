using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using RetroVue.Adapters.Persistence;
using RetroVue.Tests.Support;

namespace RetroVue.Tests.Persistence;

public sealed class MigrationTests
{
    [Fact]
    public async Task Migrated_schema_equals_the_EF_model()
    {
        var migrated = await TestPostgres.CreateEmptyDatabaseAsync();
        await new DatabaseMigrator(NullLogger<DatabaseMigrator>.Instance).MigrateAsync(migrated, CancellationToken.None);

        var fromModel = await TestPostgres.CreateEmptyDatabaseAsync();
        await using (var context = TestPostgres.CreateContext(fromModel))
        {
            await context.Database.ExecuteSqlRawAsync(context.Database.GenerateCreateScript());
        }

        var expected = await SchemaSnapshot.ReadAsync(fromModel);
        var actual = await SchemaSnapshot.ReadAsync(migrated);
        var missing = expected.Except(actual).ToList();
        var extra = actual.Except(expected).ToList();
        Assert.True(
            missing.Count == 0 && extra.Count == 0,
            "The SQL migrations and the EF model disagree. Add a migration (docs/development.md).\n"
            + $"In the model but not the migrations:\n  {string.Join("\n  ", missing)}\nIn the migrations but not the model:\n  {string.Join("\n  ", extra)}");
    }

    [Fact]
    public async Task Migrating_twice_applies_nothing_the_second_time()
    {
        var database = await TestPostgres.CreateEmptyDatabaseAsync();
        var migrator = new DatabaseMigrator(NullLogger<DatabaseMigrator>.Instance);
        var first = await migrator.MigrateAsync(database, CancellationToken.None);
        var second = await migrator.MigrateAsync(database, CancellationToken.None);
        Assert.Equal(DatabaseMigrator.All.Select(m => m.Id), first);
        Assert.Empty(second);
    }

    [Fact]
    public async Task Concurrent_migrators_take_turns_and_apply_each_migration_once()
    {
        var database = await TestPostgres.CreateEmptyDatabaseAsync();
        var runs = Enumerable.Range(0, 4)
            .Select(_ => Task.Run(() => new DatabaseMigrator(NullLogger<DatabaseMigrator>.Instance).MigrateAsync(database, CancellationToken.None)))
            .ToList();
        var results = await Task.WhenAll(runs);

        Assert.Equal(DatabaseMigrator.All.Count, results.Sum(r => r.Count));
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var count = new NpgsqlCommand("SELECT count(*) FROM retrovue_schema_migrations", connection);
        Assert.Equal((long)DatabaseMigrator.All.Count, (long)(await count.ExecuteScalarAsync())!);
    }

    [Fact]
    public async Task A_database_migrated_by_a_newer_version_is_refused_with_a_clear_error()
    {
        var database = await TestPostgres.CreateDatabaseAsync();
        await using (var connection = new NpgsqlConnection(database))
        {
            await connection.OpenAsync();
            await using var insert = new NpgsqlCommand("INSERT INTO retrovue_schema_migrations (id) VALUES ('9999_from_the_future')", connection);
            await insert.ExecuteNonQueryAsync();
        }

        var error = await Assert.ThrowsAsync<App.Common.UserFacingException>(
            () => new DatabaseMigrator(NullLogger<DatabaseMigrator>.Instance).MigrateAsync(database, CancellationToken.None));
        Assert.Contains("9999_from_the_future", error.Message);
    }

    /// <summary>
    /// Tables, columns, constraints and indexes of the public schema as comparable lines. Hangfire's tables live in
    /// their own schema and are not compared.
    /// </summary>
    private static class SchemaSnapshot
    {
        public static async Task<SortedSet<string>> ReadAsync(string connectionString)
        {
            var lines = new SortedSet<string>(StringComparer.Ordinal);
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            await ReadLinesAsync(connection, lines, """
                SELECT 'column ' || table_name || '.' || column_name || ' ' || data_type || coalesce('(' || character_maximum_length || ')', '')
                       || CASE WHEN is_nullable = 'NO' THEN ' not null' ELSE '' END || coalesce(' default ' || column_default, '')
                FROM information_schema.columns
                WHERE table_schema = 'public' AND table_name <> 'retrovue_schema_migrations'
                """);
            await ReadLinesAsync(connection, lines, """
                SELECT 'constraint ' || rel.relname || '.' || con.conname || ' ' || pg_get_constraintdef(con.oid)
                FROM pg_constraint con JOIN pg_class rel ON rel.oid = con.conrelid JOIN pg_namespace ns ON ns.oid = rel.relnamespace
                WHERE ns.nspname = 'public' AND rel.relname <> 'retrovue_schema_migrations'
                """);
            await ReadLinesAsync(connection, lines, """
                SELECT 'index ' || indexdef FROM pg_indexes
                WHERE schemaname = 'public' AND tablename <> 'retrovue_schema_migrations'
                """);
            return lines;
        }

        private static async Task ReadLinesAsync(NpgsqlConnection connection, SortedSet<string> lines, string sql)
        {
            await using var command = new NpgsqlCommand(sql, connection);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                lines.Add(reader.GetString(0));
            }
        }
    }
}
