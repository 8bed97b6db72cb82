using Microsoft.EntityFrameworkCore;
using RetroVue.App.Common;
using RetroVue.Domain.Common;
using RetroVue.Domain.Library;
using RetroVue.Domain.Review;

namespace RetroVue.App.Review;

public sealed record ReviewItemView(
    Guid Id,
    string Reason,
    string Status,
    string Details,
    Guid AssetId,
    string AssetPath,
    string? Resolution,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? ClosedAt);

/// <summary>How an operator settles a review item: link the file to a title (and episode), or accept it as it is.</summary>
public abstract record ReviewDecision;

/// <summary>Link the file to a title; with a season and episode number, to that episode (created if missing).</summary>
public sealed record LinkToTitle(string TitleNameOrId, int? Season, int? Episode) : ReviewDecision;

public sealed record ApproveAsIs(string? Note) : ReviewDecision;

/// <summary>The review queue: what the machine could not decide, and the operator's decisions.</summary>
public sealed class ReviewService(IUnitOfWork unitOfWork, TimeProvider clock)
{
    public Task<IReadOnlyList<ReviewItemView>> ListAsync(ReviewStatus? status, CancellationToken cancellationToken) =>
        unitOfWork.ExecuteAsync<IReadOnlyList<ReviewItemView>>(
            async (db, ct) =>
            {
                var items = db.ReviewItems.AsNoTracking();
                if (status is { } wanted)
                {
                    items = items.Where(r => r.Status == wanted);
                }

                return (await items.Join(db.Assets, r => r.AssetId, a => a.Id, (r, a) => new { r, a.CanonicalPath })
                        .OrderBy(x => x.r.CreatedAt).ThenBy(x => x.CanonicalPath)
                        .ToListAsync(ct))
                    .Select(x => ToView(x.r, x.CanonicalPath))
                    .ToList();
            },
            cancellationToken);

    public Task<ReviewItemView> ResolveAsync(Guid id, ReviewDecision decision, CancellationToken cancellationToken) =>
        unitOfWork.ExecuteAsync(
            async (db, ct) =>
            {
                RequirePrintable(decision);
                var item = await LoadPendingAsync(db, id, ct);
                var asset = await db.Assets.SingleAsync(a => a.Id == item.AssetId, ct);
                var now = clock.GetUtcNow();
                switch (decision)
                {
                    case LinkToTitle link:
                        var resolution = await LinkAsync(db, asset, link, now, ct);
                        Guard(() => item.Resolve(resolution, now));
                        break;
                    case ApproveAsIs approve:
                        Guard(() => item.Resolve(string.IsNullOrWhiteSpace(approve.Note) ? "approved as is" : $"approved as is: {approve.Note}", now));
                        break;
                }

                return ToView(item, asset.CanonicalPath);
            },
            cancellationToken);

    public Task<ReviewItemView> DismissAsync(Guid id, string? why, CancellationToken cancellationToken) =>
        unitOfWork.ExecuteAsync(
            async (db, ct) =>
            {
                RequirePrintableReason(why);
                var item = await LoadPendingAsync(db, id, ct);
                Guard(() => item.Dismiss(why, clock.GetUtcNow()));
                var path = await db.Assets.Where(a => a.Id == item.AssetId).Select(a => a.CanonicalPath).SingleAsync(ct);
                return ToView(item, path);
            },
            cancellationToken);

    /// <summary>The decision's texts (title, note) follow the printable-text rule; checked before any item is read.</summary>
    public static void RequirePrintable(ReviewDecision decision)
    {
        switch (decision)
        {
            case LinkToTitle link:
                TextInput.Line("The title", link.TitleNameOrId);
                break;
            case ApproveAsIs approve:
                TextInput.Line("The note", approve.Note);
                break;
        }
    }

    public static void RequirePrintableReason(string? why) => TextInput.Line("The reason", why);

    private static async Task<ReviewItem> LoadPendingAsync(IRetroVueDbContext db, Guid id, CancellationToken cancellationToken)
    {
        var item = await db.ReviewItems.FirstOrDefaultAsync(r => r.Id == id, cancellationToken)
            ?? throw new NotFoundException($"There is no review item {id} (see 'retrovue review list').");
        if (item.Status != ReviewStatus.Pending)
        {
            throw new ConflictException($"Review item {id} is already {item.Status.ToString().ToLowerInvariant()}.");
        }

        return item;
    }

    private static async Task<string> LinkAsync(IRetroVueDbContext db, Asset asset, LinkToTitle link, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var title = await FindTitleAsync(db, link.TitleNameOrId, cancellationToken);
        asset.AssignTitle(title.Id, now);
        if (link.Season is null && link.Episode is null)
        {
            return $"linked to {title.Name}";
        }

        if (title.Kind != TitleKind.Show || link.Season is not { } seasonNumber || link.Episode is not { } episodeNumber || seasonNumber < 0 || episodeNumber < 0)
        {
            throw new UserFacingException("Linking to an episode needs a show, a season (0 for specials) and an episode number.");
        }

        var season = await db.Seasons.FirstOrDefaultAsync(s => s.TitleId == title.Id && s.Number == seasonNumber, cancellationToken);
        if (season is null)
        {
            season = new Season(title.Id, seasonNumber) { Name = seasonNumber == 0 ? "Specials" : $"Season {seasonNumber}" };
            db.Seasons.Add(season);
        }

        var episode = await db.Episodes.FirstOrDefaultAsync(e => e.SeasonId == season.Id && e.Number == episodeNumber, cancellationToken);
        if (episode is null)
        {
            episode = new Episode(title.Id, season.Id, episodeNumber, now);
            db.Episodes.Add(episode);
        }

        if (!await db.EpisodeAssets.AnyAsync(l => l.EpisodeId == episode.Id && l.AssetId == asset.Id, cancellationToken))
        {
            db.EpisodeAssets.Add(new EpisodeAsset(episode.Id, asset.Id));
        }

        return $"linked to {title.Name} S{seasonNumber:00}E{episodeNumber:00}";
    }

    private static async Task<Title> FindTitleAsync(IRetroVueDbContext db, string nameOrId, CancellationToken cancellationToken)
    {
        if (Guid.TryParse(nameOrId, out var id))
        {
            return await db.Titles.FirstOrDefaultAsync(t => t.Id == id, cancellationToken)
                ?? throw new NotFoundException($"There is no title with id {id}.");
        }

        var normalized = Title.Normalize(nameOrId);
        var matches = await db.Titles.Where(t => t.NormalizedName == normalized).ToListAsync(cancellationToken);
        return matches.Count switch
        {
            1 => matches[0],
            0 => throw new NotFoundException($"There is no title named '{nameOrId}' (see 'retrovue library titles --search ...')."),
            _ => throw new UserFacingException(
                $"'{nameOrId}' names {matches.Count} titles ({string.Join(", ", matches.Select(m => $"{m.Name} ({m.Year?.ToString() ?? "no year"}) {m.Id}"))}); give the id instead."),
        };
    }

    private static void Guard(Action action)
    {
        try
        {
            action();
        }
        catch (DomainException e)
        {
            throw new ConflictException(e.Message);
        }
    }

    internal static ReviewItemView ToView(ReviewItem item, string path) => new(
        item.Id,
        ToKebab(item.Reason.ToString()),
        item.Status.ToString().ToLowerInvariant(),
        item.Details,
        item.AssetId,
        path,
        item.Resolution,
        item.CreatedAt,
        item.UpdatedAt,
        item.ClosedAt);

    private static string ToKebab(string name) =>
        string.Concat(name.Select((c, i) => char.IsUpper(c) && i > 0 ? "-" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));
}
