using Microsoft.EntityFrameworkCore;
using Npgsql;
using RetroVue.App.Common;

namespace RetroVue.Adapters.Persistence;

/// <summary>One DbContext and one transaction per unit: commit on success, rollback on any exception or cancellation.</summary>
internal sealed class EfUnitOfWork(IDbContextFactory<RetroVueDbContext> contextFactory) : IUnitOfWork
{
    public async Task<T> ExecuteAsync<T>(Func<IRetroVueDbContext, CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        try
        {
            await using var context = await contextFactory.CreateDbContextAsync(cancellationToken);
            await using var transaction = await context.Database.BeginTransactionAsync(cancellationToken);
            var result = await work(context, cancellationToken);
            // The copier detects changes once (always, even when it copies nothing); neither it nor saving scans the
            // tracked entities again.
            context.ChangeTracker.AutoDetectChangesEnabled = false;
            await Bulk.AddedRowsCopier.CopyAsync(context, cancellationToken);
            await context.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return result;
        }
        catch (DbUpdateException e) when (e.InnerException is UserFacingException refused)
        {
            // The text check of UnstorableTextInterceptor, wrapped by EF while saving.
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(refused);
            throw;
        }
        catch (Exception e) when (UnstorableText(e) is { } refused)
        {
            // The last line of defence behind the App's printable-text checks: text PostgreSQL cannot hold is the
            // caller's error (400, a form error), never a server fault; the transaction is rolled back.
            throw new UserFacingException($"The text given contains a character the database cannot store ({refused.MessageText}); nothing was saved.", e);
        }
    }

    /// <summary>22021 character_not_in_repertoire (U+0000 in text), 22P05 untranslatable_character (\u0000 in jsonb).</summary>
    private static PostgresException? UnstorableText(Exception exception) =>
        (exception as PostgresException ?? exception.InnerException as PostgresException) is { SqlState: "22021" or "22P05" } refused ? refused : null;
}
