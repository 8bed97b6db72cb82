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
                return new Handle(connection, KeyOf(sourceId));
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

    /// <summary>
    /// Unlocks explicitly before closing: the server ends a closed session asynchronously, so relying on
    /// the close alone lets an ingest started right after this one see the lock still held.
    /// If the unlock cannot be sent (the connection broke), closing the session releases it all the same.
    /// </summary>
    private sealed class Handle(NpgsqlConnection connection, int key) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            try
            {
                await using var unlock = new NpgsqlCommand("SELECT pg_advisory_unlock($1, $2)", connection);
                unlock.Parameters.AddWithValue(IngestLockSpace);
                unlock.Parameters.AddWithValue(key);
                await unlock.ExecuteScalarAsync(CancellationToken.None);
            }
            catch (NpgsqlException)
            {
            }
            finally
            {
                await connection.DisposeAsync();
            }
        }
    }
}
