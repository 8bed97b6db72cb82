using RetroVue.App.Scheduling;

namespace RetroVue.Cli.Output;

/// <summary>
/// One channel of `channel apply --json`: the channel fields as before (docs/cli-json.md), plus the timeline build
/// the apply did (null when the channel did not change).
/// </summary>
public sealed record AppliedChannelJson(string Number, string Id, string Name, string File, ApplyOutcome Outcome, AppliedTimelineJson? Timeline)
{
    public static AppliedChannelJson Of(PublishedChannel published)
    {
        var (c, build) = (published.Channel, published.Build);
        var timeline = build is null ? null : new AppliedTimelineJson(build.Action, build.ReplacedFrom, build.EntriesWritten, build.BuiltUntil, build.Skipped, build.Error);
        return new AppliedChannelJson(c.Number, c.Id, c.Name, c.File, c.Outcome, timeline);
    }
}

/// <param name="RebuiltFrom">The first instant written anew: entries before it (the programme on air, the past) were kept.</param>
public sealed record AppliedTimelineJson(PlayoutAction Action, DateTimeOffset? RebuiltFrom, int Entries, DateTimeOffset? BuiltUntil, int SkippedFiles, string? Error);
