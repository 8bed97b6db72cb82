using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using RetroVue.Domain.Library;

namespace RetroVue.Adapters.Plex;

/// <summary>
/// Where the next delta sync of a Plex source starts: the newest updatedAt/addedAt Plex reported (Plex's own clock,
/// so a skewed clock here cannot make a delta miss anything), and a digest of what the listing depended on (the
/// server, the chosen libraries, the path mappings). A delta is listed only while the digest still matches; after any
/// such change the sync lists everything, so a deselected or removed library is retired and new mappings take effect.
/// </summary>
public sealed record PlexSyncCursor(string Configuration, long HighWater)
{
    private const string Prefix = "plex-delta/1";

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Prefix} {Configuration} {HighWater}");

    public static PlexSyncCursor? Parse(string? text)
    {
        var parts = text?.Split(' ') ?? [];
        return parts.Length == 3 && parts[0] == Prefix && long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var highWater)
            ? new PlexSyncCursor(parts[1], highWater)
            : null;
    }

    public static string ConfigurationOf(string machineIdentifier, IEnumerable<PlexSection> sections, IEnumerable<PathMapping> mappings)
    {
        var text = new StringBuilder(machineIdentifier);
        foreach (var key in sections.Select(s => s.Key).Order(StringComparer.Ordinal))
        {
            text.Append("\u001fsection=").Append(key);
        }

        foreach (var mapping in mappings.OrderBy(m => m.Order))
        {
            text.Append("\u001fmap=").Append(mapping.FromPrefix).Append('\u001e').Append(mapping.ToPrefix);
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())).AsSpan(0, 12));
    }
}

/// <summary>
/// The newest Plex timestamp seen while listing, held back to the oldest item that has to be listed again: an item
/// whose chapters could not be fetched must come up in the next delta, which lists only what changed since.
/// </summary>
internal sealed class PlexHighWater(long start)
{
    private long _newest = start;
    private long _ceiling = long.MaxValue;

    public long Value => Math.Min(_newest, _ceiling);

    public void See(PlexMetadata item) => _newest = Math.Max(_newest, StampOf(item));

    public void HoldBackFor(PlexMetadata item) => _ceiling = Math.Min(_ceiling, StampOf(item));

    private static long StampOf(PlexMetadata item) => Math.Max(item.UpdatedAt ?? 0, item.AddedAt ?? 0);
}
