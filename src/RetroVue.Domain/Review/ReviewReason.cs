namespace RetroVue.Domain.Review;

/// <summary>Why the machine could not decide on its own.</summary>
public enum ReviewReason
{
    ProbeFailed = 0,
    NoVideoStream = 1,
    NoUsableDuration = 2,
    UnmatchedName = 3,
    FileNotReachable = 4,

    /// <summary>A channel's schedule wanted the file but it was retired or unplayable when the timeline was built.</summary>
    MissingAtBuild = 5,

    /// <summary>A channel tried to play the file and could not (missing, unreadable, corrupt, or ffmpeg died or stalled): a slate played instead.</summary>
    PlaybackFailed = 6,

    /// <summary>A channel tried to play the file through its media server, which refused RetroVue's token (401/403).</summary>
    RemoteRefused = 7,

    /// <summary>A channel tried to play the file through its media server, which no longer has it (404/410).</summary>
    RemoteGone = 8,

    /// <summary>
    /// A channel tried to play the file through its media server, which failed (5xx), could not be reached, redirected
    /// it to another host or cut it short.
    /// </summary>
    RemoteUnavailable = 9,

    /// <summary>A metadata file beside the media file (an NFO) could not be read: malformed, empty, too big or not NFO; the file was imported without it.</summary>
    MetadataUnreadable = 10,
}

public enum ReviewStatus
{
    Pending = 0,
    Resolved = 1,
    Dismissed = 2,
}
