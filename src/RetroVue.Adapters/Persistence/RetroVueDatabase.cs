using Microsoft.Extensions.Logging;
using RetroVue.Adapters.Persistence.Embedded;

namespace RetroVue.Adapters.Persistence;

/// <summary>
/// The database a RetroVue process uses: the configured server, or the embedded cluster, started
/// on open and stopped (by the process that started it) on dispose.
/// </summary>
public sealed class RetroVueDatabase : IAsyncDisposable
{
    private readonly EmbeddedPostgresCluster? _cluster;

    private RetroVueDatabase(string connectionString, EmbeddedPostgresCluster? cluster)
    {
        ConnectionString = connectionString;
        _cluster = cluster;
    }

    public string ConnectionString { get; }

    public bool IsEmbedded => _cluster is not null;

    public static async Task<RetroVueDatabase> OpenAsync(DatabaseSettings settings, ILogger logger, CancellationToken cancellationToken)
    {
        if (settings.ConnectionString is { } configured)
        {
            logger.LogDebug("Using the configured database {ConnectionString}", DatabaseSettings.Redact(configured));
            return new RetroVueDatabase(configured, null);
        }

        var cluster = await EmbeddedPostgresCluster.StartAsync(settings.EmbeddedClusterDirectory, DatabaseSettings.DatabaseName, logger, cancellationToken);
        return new RetroVueDatabase(cluster.ConnectionStringFor(DatabaseSettings.DatabaseName), cluster);
    }

    public async ValueTask DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }
}
