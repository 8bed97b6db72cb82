using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using RetroVue.Domain.Library;

namespace RetroVue.Adapters.Jellyfin;

/// <summary>
/// Where the next delta sync of a Jellyfin or Emby source starts: the newest DateLastSaved the server reported (its own
/// clock, so a skewed clock here cannot make a delta miss anything), and a digest of what the listing depended on
/// (server, chosen libraries, path mappings). After any change of those the next sync lists everything.
/// </summary>
public sealed record JellyfinSyncCursor(string Configuration, long HighWaterTicks)
{
    private const string Prefix = "jellyfin-delta/1";

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Prefix} {Configuration} {HighWaterTicks}");

    public DateTimeOffset HighWater => new(HighWaterTicks, TimeSpan.Zero);

    public static JellyfinSyncCursor? Parse(string? text)
    {
        var parts = text?.Split(' ') ?? [];
        return parts.Length == 3 && parts[0] == Prefix && long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
               && ticks >= DateTimeOffset.MinValue.UtcTicks && ticks <= DateTimeOffset.MaxValue.UtcTicks
            ? new JellyfinSyncCursor(parts[1], ticks)
            : null;
    }

    public static string ConfigurationOf(string serverId, IEnumerable<JellyfinLibrary> libraries, IEnumerable<PathMapping> mappings)
    {
        var text = new StringBuilder(serverId);
        foreach (var id in libraries.Select(l => l.ItemId).Order(StringComparer.Ordinal))
        {
            text.Append("\u001flibrary=").Append(id);
        }

        foreach (var mapping in mappings.OrderBy(m => m.Order))
        {
            text.Append("\u001fmap=").Append(mapping.FromPrefix).Append('\u001e').Append(mapping.ToPrefix);
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())).AsSpan(0, 12));
    }
}

/// <summary>The newest DateLastSaved seen, held back to the oldest item whose segments could not be fetched (so the next delta lists it again).</summary>
internal sealed class JellyfinHighWater(long start)
{
    private long _newest = start;
    private long _ceiling = long.MaxValue;

    public long Value => Math.Min(_newest, _ceiling);

    public void See(JellyfinItem item) => _newest = Math.Max(_newest, StampOf(item));

    public void HoldBackFor(JellyfinItem item) => _ceiling = Math.Min(_ceiling, StampOf(item));

    private static long StampOf(JellyfinItem item) => (item.DateLastSaved ?? item.DateCreated)?.UtcTicks ?? 0;
}
