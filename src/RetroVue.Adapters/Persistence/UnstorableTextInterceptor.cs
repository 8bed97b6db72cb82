using System.Collections;
using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;
using RetroVue.App.Common;

namespace RetroVue.Adapters.Persistence;

/// <summary>
/// PostgreSQL cannot hold U+0000 in text: a parameter with one breaks the wire protocol (08P01) instead of failing
/// cleanly. Behind the App's printable-text checks, this refuses such a command before it is sent, as the caller's
/// error, so a text input that was missed still answers 400 (or a form error, or one CLI line), never a 500.
/// </summary>
internal sealed class UnstorableTextInterceptor : DbCommandInterceptor
{
    public static readonly UnstorableTextInterceptor Instance = new();

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        Check(command);
        return result;
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Check(command);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        Check(command);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Check(command);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result)
    {
        Check(command);
        return result;
    }

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        Check(command);
        return ValueTask.FromResult(result);
    }

    private static void Check(DbCommand command)
    {
        var holdsNul = command.CommandText.Contains('\0', StringComparison.Ordinal)
            || command.Parameters.Cast<DbParameter>().Any(parameter => HoldsNul(parameter.Value));
        if (holdsNul)
        {
            throw new UserFacingException("The text given contains U+0000, which the database cannot store; remove it and try again. Nothing was saved.");
        }
    }

    private static bool HoldsNul(object? value) => value switch
    {
        string text => text.Contains('\0', StringComparison.Ordinal),
        IEnumerable items and not byte[] => items.Cast<object?>().Any(item => item is string text && text.Contains('\0', StringComparison.Ordinal)),
        _ => false,
    };
}
