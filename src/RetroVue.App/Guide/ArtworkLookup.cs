using Microsoft.EntityFrameworkCore;
using RetroVue.App.Common;
using RetroVue.Domain.Library;

namespace RetroVue.App.Guide;

/// <summary>A title's poster or an episode's still, and the source it belongs to (null when that source is gone).</summary>
public sealed record ArtworkLocation(ArtworkRef Artwork, Source? Source);

/// <summary>Finds the artwork behind an artwork key. Where the picture is comes from the catalog only, never from a request.</summary>
public sealed class ArtworkLookup(IUnitOfWork unitOfWork)
{
    /// <param name="kind">"title" or "episode" (<see cref="ArtworkKey"/>); anything else finds nothing.</param>
    public Task<ArtworkLocation?> FindAsync(string kind, Guid id, CancellationToken cancellationToken) =>
        unitOfWork.ExecuteAsync(
            async (db, ct) =>
            {
                var artwork = kind switch
                {
                    ArtworkKey.Title => await db.Titles.AsNoTracking().Where(t => t.Id == id).Select(t => t.Poster).FirstOrDefaultAsync(ct),
                    ArtworkKey.Episode => await db.Episodes.AsNoTracking().Where(e => e.Id == id).Select(e => e.Still).FirstOrDefaultAsync(ct),
                    _ => null,
                };
                if (artwork is null)
                {
                    return null;
                }

                var source = await db.Sources.AsNoTracking().FirstOrDefaultAsync(s => s.Id == artwork.SourceId, ct);
                return new ArtworkLocation(artwork, source);
            },
            cancellationToken);
}
