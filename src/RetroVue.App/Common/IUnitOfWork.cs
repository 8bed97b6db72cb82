namespace RetroVue.App.Common;

/// <summary>
/// Runs one piece of work in one database transaction: committed when the work returns,
/// rolled back when it throws or is cancelled. Each CLI command, HTTP request and job uses one;
/// long operations (an ingest) use one per batch so that what was committed survives a Ctrl+C.
/// </summary>
public interface IUnitOfWork
{
    Task<T> ExecuteAsync<T>(Func<IRetroVueDbContext, CancellationToken, Task<T>> work, CancellationToken cancellationToken);
}

public static class UnitOfWorkExtensions
{
    public static Task ExecuteAsync(this IUnitOfWork unitOfWork, Func<IRetroVueDbContext, CancellationToken, Task> work, CancellationToken cancellationToken) =>
        unitOfWork.ExecuteAsync<bool>(
            async (db, ct) =>
            {
                await work(db, ct);
                return true;
            },
            cancellationToken);
}
