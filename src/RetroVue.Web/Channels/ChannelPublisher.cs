using RetroVue.App.Scheduling;
using RetroVue.App.Scheduling.Editing;
using RetroVue.Domain.Scheduling;

namespace RetroVue.Web.Channels;

/// <summary>What an apply from the admin or the API did: the channel, and the timeline build that followed.</summary>
public sealed record PublishedChannel(AppliedChannel Channel, PlayoutResult? Build);

/// <summary>
/// Applies a schedule or settings edit and brings the channel's timeline up to date at once, so the guide and the
/// pages show the change without waiting for the hourly extension job (which would do the same rebuild).
/// </summary>
public sealed class ChannelPublisher(ChannelEditor editor, PlayoutService playout)
{
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
            : (await playout.BuildAsync(new PlayoutRequest(ChannelNumber.Parse(applied.Number)), cancellationToken)).Single();
}
