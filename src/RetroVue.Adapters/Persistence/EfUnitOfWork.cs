using Microsoft.EntityFrameworkCore;
using RetroVue.App.Common;

namespace RetroVue.Adapters.Persistence;

/// <summary>One DbContext and one transaction per unit: commit on success, rollback on any exception or cancellation.</summary>
internal sealed class EfUnitOfWork(IDbContextFactory<RetroVueDbContext> contextFactory) : IUnitOfWork
{
    public async Task<T> ExecuteAsync<T>(Func<IRetroVueDbContext, CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        await using var context = await contextFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await context.Database.BeginTransactionAsync(cancellationToken);
        var result = await work(context, cancellationToken);
        await context.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return result;
    }
}
