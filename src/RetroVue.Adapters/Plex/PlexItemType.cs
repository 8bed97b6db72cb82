namespace RetroVue.Adapters.Plex;

/// <summary>The type numbers real clients pass as "type=" (the spec's enum disagrees above 4).</summary>
public enum PlexItemType
{
    Movie = 1,
    Show = 2,
    Season = 3,
    Episode = 4,
}

/// <summary>
/// A date filter for delta listings: only items whose <paramref name="Field"/> is at or after
/// <paramref name="Since"/>. Field is "updatedAt", "addedAt", or scoped like "episode.updatedAt".
/// A delta never reports deletions: only a full listing may retire items.
/// </summary>
public sealed record PlexListFilter(string Field, DateTimeOffset Since)
{
    internal string ToQuery()
    {
        if (string.IsNullOrEmpty(Field) || !Field.All(c => char.IsAsciiLetter(c) || c == '.'))
        {
            throw new ArgumentException($"'{Field}' is not a Plex filter field.", nameof(Field));
        }

        // Plex expects the operator literally: "updatedAt>>=1700000000", the key not URL-encoded.
        return $"{Field}>>={Since.ToUnixTimeSeconds()}";
    }
}
