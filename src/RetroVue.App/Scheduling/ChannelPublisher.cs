using RetroVue.App.Scheduling.Editing;
using RetroVue.App.Scheduling.Yaml;
using RetroVue.Domain.Scheduling;

namespace RetroVue.App.Scheduling;

/// <summary>What an apply did: the channel, and the timeline build that followed (null when nothing changed).</summary>
public sealed record PublishedChannel(AppliedChannel Channel, PlayoutResult? Build);

/// <summary>
/// Applies schedules (files from the command line, a document or a settings edit from the admin or the API) and
/// brings the timelines of the channels that changed up to date at once: the past and the programme on air stay,
/// the future is rebuilt, a new channel is built to the horizon. The guide and the pages then show the change
/// without waiting for the hourly extension job (which would do the same rebuild, later).
/// </summary>
public sealed class ChannelPublisher(ChannelService channels, ChannelEditor editor, PlayoutService playout)
{
    /// <summary>Applies the files as one set (all or nothing), then builds every channel the set created or changed.</summary>
    public async Task<IReadOnlyList<PublishedChannel>> ApplyFilesAsync(IReadOnlyList<ScheduleSource> sources, CancellationToken cancellationToken)
    {
        var applied = await channels.ApplyAsync(sources, cancellationToken);
        var changed = applied.Where(a => a.Outcome != ApplyOutcome.Unchanged).Select(a => ChannelNumber.Parse(a.Number)).ToList();
        var builds = (await playout.BuildChannelsAsync(changed, cancellationToken)).ToDictionary(b => b.Channel, StringComparer.Ordinal);
        return applied.Select(a => new PublishedChannel(a, a.Outcome == ApplyOutcome.Unchanged ? null : builds[a.Number])).ToList();
    }

    public async Task<PublishedChannel> ApplyScheduleAsync(ChannelNumber? number, string? document, string? version, CancellationToken cancellationToken)
    {
        var applied = await editor.ApplyAsync(number, document, version, cancellationToken);
        return new PublishedChannel(applied, await BuildAsync(applied, cancellationToken));
    }

    public async Task<PublishedChannel> UpdateSettingsAsync(ChannelNumber number, ChannelSettingsInput input, string? version, CancellationToken cancellationToken)
    {
        var applied = await editor.UpdateSettingsAsync(number, input, version, cancellationToken);
        return new PublishedChannel(applied, await BuildAsync(applied, cancellationToken));
    }

    public async Task<PlayoutResult> RebuildAsync(ChannelNumber number, bool reset, CancellationToken cancellationToken) =>
        (await playout.BuildAsync(new PlayoutRequest(number, Reset: reset), cancellationToken)).Single();

    private async Task<PlayoutResult?> BuildAsync(AppliedChannel applied, CancellationToken cancellationToken) =>
        applied.Outcome == ApplyOutcome.Unchanged
            ? null
            : (await playout.BuildChannelsAsync([ChannelNumber.Parse(applied.Number)], cancellationToken)).Single();
}
