using Microsoft.EntityFrameworkCore;
using RetroVue.App.Common;

namespace RetroVue.App.Sources;

/// <summary>One row of the sync history: which source, and how that run went.</summary>
public sealed record SyncRunRow(Guid Id, string Source, SyncRunView Run);

public sealed record SyncRunPage(IReadOnlyList<SyncRunRow> Items, int Total, int Offset);

/// <summary>The sync history of all sources (or one), newest first.</summary>
public sealed class SyncRunQueries(IUnitOfWork unitOfWork)
{
    public const int MaxPageSize = 200;

    public Task<SyncRunPage> PageAsync(string? source, int offset, int limit, CancellationToken cancellationToken)
    {
        if (offset < 0 || limit is < 1 or > MaxPageSize)
        {
            throw new UserFacingException($"Paging takes an offset of 0 or more and a limit of 1 to {MaxPageSize}.");
        }

        return unitOfWork.ExecuteAsync(
            async (db, ct) =>
            {
                var runs = from run in db.SyncRuns.AsNoTracking()
                           join s in db.Sources.AsNoTracking() on run.SourceId equals s.Id
                           select new { Run = run, SourceName = s.Name };
                if (!string.IsNullOrWhiteSpace(source))
                {
                    var name = TextInput.Line("The source name", source)!.Trim();
                    if (!await db.Sources.AnyAsync(s => s.Name == name, ct))
                    {
                        throw new NotFoundException($"There is no source named '{name}'.");
                    }

                    runs = runs.Where(r => r.SourceName == name);
                }

                var page = await runs.OrderByDescending(r => r.Run.StartedAt).ThenBy(r => r.Run.Id).Skip(offset).Take(limit).ToListAsync(ct);

                // Two statements see two moments: a run recorded between them must not leave the total below the page.
                var total = Math.Max(await runs.CountAsync(ct), offset + page.Count);
                return new SyncRunPage(page.Select(r => new SyncRunRow(r.Run.Id, r.SourceName, SyncRunView.Of(r.Run))).ToList(), total, offset);
            },
            cancellationToken);
    }
}
