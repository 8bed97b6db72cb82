using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;
using RetroVue.Adapters.Persistence;

namespace RetroVue.Adapters.Health;

/// <summary>Healthy when the catalog database answers a query within a few seconds.</summary>
internal sealed class DatabaseHealthCheck(DatabaseConnection connection) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(5));
            await using var db = new NpgsqlConnection(connection.ConnectionString);
            await db.OpenAsync(timeout.Token);
            await using var command = new NpgsqlCommand("SELECT 1", db);
            await command.ExecuteScalarAsync(timeout.Token);
            return HealthCheckResult.Healthy("database reachable");
        }
        catch (Exception e) when (e is NpgsqlException or OperationCanceledException or InvalidOperationException)
        {
            return HealthCheckResult.Unhealthy($"database unreachable: {e.GetType().Name}");
        }
    }
}
