using Npgsql;
using RetroVue.Adapters.Persistence;
using RetroVue.App.Ingest;

namespace RetroVue.Adapters.Ingest;

/// <summary>
/// A session-level PostgreSQL advisory lock per source, held on a dedicated connection for the whole
/// ingest. It is released when the handle is disposed, or by the server when the process dies.
/// </summary>
internal sealed class PostgresSourceLock(DatabaseConnection database) : ISourceLock
{
    private const int IngestLockSpace = 0x52564947; // "RVIG": keeps these keys apart from other advisory locks

    public async Task<IAsyncDisposable?> TryAcquireAsync(Guid sourceId, CancellationToken cancellationToken)
    {
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(database.ConnectionString) { Pooling = false }.ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand("SELECT pg_try_advisory_lock($1, $2)", connection);
            command.Parameters.AddWithValue(IngestLockSpace);
            command.Parameters.AddWithValue(KeyOf(sourceId));
            if (await command.ExecuteScalarAsync(cancellationToken) is true)
            {
                return new Handle(connection);
            }

            await connection.DisposeAsync();
            return null;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private static int KeyOf(Guid sourceId) => BitConverter.ToInt32(sourceId.ToByteArray(), 0);

    /// <summary>Closing the session releases its advisory locks.</summary>
    private sealed class Handle(NpgsqlConnection connection) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => connection.DisposeAsync();
    }
}
