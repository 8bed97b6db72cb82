namespace RetroVue.App.Ingest;

/// <summary>
/// Makes sure only one ingest of a source runs at a time, across processes and machines that share
/// the database. A second ingest is refused rather than queued, so nothing waits silently.
/// </summary>
public interface ISourceLock
{
    /// <returns>A handle that releases the lock when disposed, or null when another ingest holds it.</returns>
    Task<IAsyncDisposable?> TryAcquireAsync(Guid sourceId, CancellationToken cancellationToken);
}
