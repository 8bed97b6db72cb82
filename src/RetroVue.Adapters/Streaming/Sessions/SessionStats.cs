namespace RetroVue.Adapters.Streaming.Sessions;

/// <summary>What a channel session is doing, for /api/sessions and the metrics.</summary>
public sealed record SessionStats(
    string Channel,
    string Name,
    DateTimeOffset StartedAt,
    int Viewers,
    long BytesSent,
    CurrentItemStats? Current,
    int ItemsPlayed,
    int Restarts,
    int SlateInsertions,
    int ViewersDropped,
    double? TranscodeSpeed,
    double AheadSeconds,
    bool Stopping,
    int JoinBridges = 0,
    int JoinsFromStandby = 0);

public sealed record CurrentItemStats(Guid? AssetId, string Title, string Mode, DateTimeOffset Start, DateTimeOffset End);
