namespace RetroVue.Adapters.Plex;

/// <summary>
/// Marks the source fingerprint of the file that carries an item's chapters with whether they arrived. The next sync
/// expects the fetched mark, so a file stored as pending (its request failed) counts as changed and is asked for again,
/// while one stored as fetched makes no request and no write. Files of items without chapters keep the plain fingerprint.
/// </summary>
public static class PlexChapterFingerprint
{
    public const string FetchedSuffix = ";chapters";
    public const string PendingSuffix = ";chapters-pending";

    public static string? Fetched(string? sourceFingerprint) => sourceFingerprint is null ? null : sourceFingerprint + FetchedSuffix;

    public static string? Pending(string? sourceFingerprint) => sourceFingerprint is null ? null : sourceFingerprint + PendingSuffix;
}
