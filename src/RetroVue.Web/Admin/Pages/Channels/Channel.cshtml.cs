using Microsoft.AspNetCore.Mvc;
using RetroVue.App.Common;
using RetroVue.App.Scheduling;
using RetroVue.App.Scheduling.Editing;
using RetroVue.Domain.Scheduling;

namespace RetroVue.Web.Admin.Pages.Channels;

/// <summary>One channel: what it plays next, its settings (stale edits refused), rebuild, reset and remove.</summary>
public sealed class ChannelModel(ChannelEditor editor, ChannelPublisher publisher, ChannelService channels, TimelineQueries timeline, ChannelOverview overview) : AdminPageModel
{
    public static readonly TimeSpan UpcomingWindow = TimeSpan.FromHours(12);

    [BindProperty(SupportsGet = true)]
    public string Number { get; set; } = string.Empty;

    [BindProperty]
    public ChannelSettingsFields Settings { get; set; } = new();

    [BindProperty]
    public string? Version { get; set; }

    public ChannelForm? Form { get; private set; }
    public ChannelOnAir? OnAir { get; private set; }
    public IReadOnlyList<ProgrammeView> Upcoming { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) =>
        await TryLoadAsync(keepTyped: false, cancellationToken) ? Page() : NotFound();

    public Task<IActionResult> OnPostAsync(CancellationToken cancellationToken) =>
        ChangeAsync(
            async () =>
            {
                var published = await publisher.UpdateSettingsAsync(ParsedNumber(), Settings.ToInput(), Version, cancellationToken);
                Message = published.Channel.Outcome == ApplyOutcome.Unchanged
                    ? "Nothing to save: the settings were already these."
                    : $"Saved the settings of channel {published.Channel.Number} '{published.Channel.Name}'.";
                return Redirect($"/admin/channels/{published.Channel.Number}");
            },
            () => TryLoadAsync(keepTyped: true, CancellationToken.None));

    public Task<IActionResult> OnPostRebuildAsync(bool reset, CancellationToken cancellationToken) =>
        ChangeAsync(
            async () =>
            {
                var result = await publisher.RebuildAsync(ParsedNumber(), reset, cancellationToken);
                if (result.Error is { } error)
                {
                    throw new UserFacingException($"Building the timeline of channel {result.Channel} failed: {error}");
                }

                Message = result.Action switch
                {
                    PlayoutAction.UpToDate => $"The timeline of channel {result.Channel} was already built to {Format.When(result.BuiltUntil)}.",
                    PlayoutAction.Built => $"Built a new timeline for channel {result.Channel} from {Format.When(result.ReplacedFrom)} ({result.EntriesWritten} entries).",
                    _ => $"Timeline of channel {result.Channel} {result.Action.ToString().ToLowerInvariant()} from {Format.When(result.ReplacedFrom)} ({result.EntriesWritten} entries).",
                };
                return Redirect($"/admin/channels/{Number}");
            },
            () => TryLoadAsync(keepTyped: false, CancellationToken.None));

    public Task<IActionResult> OnPostRemoveAsync(CancellationToken cancellationToken) =>
        ChangeAsync(
            async () =>
            {
                var removed = await channels.RemoveAsync(ParsedNumber(), cancellationToken);
                Message = $"Removed channel {removed.Number} '{removed.Name}' with its schedule and timeline.";
                return Redirect("/admin/channels");
            },
            () => TryLoadAsync(keepTyped: false, CancellationToken.None));

    private ChannelNumber ParsedNumber() =>
        ChannelNumber.TryParse(Number, out var number) ? number : throw new NotFoundException($"There is no channel {Number}.");

    private async Task<bool> TryLoadAsync(bool keepTyped, CancellationToken cancellationToken)
    {
        if (!ChannelNumber.TryParse(Number, out var number))
        {
            return false;
        }

        try
        {
            Form = await editor.GetAsync(number, cancellationToken);
        }
        catch (NotFoundException)
        {
            return false;
        }

        OnAir = (await overview.ListAsync(cancellationToken)).FirstOrDefault(c => c.Channel.Id == Form.Channel.Id);
        Upcoming = (await timeline.ProgrammesAsync(number, null, UpcomingWindow, cancellationToken)).Programmes;
        if (!keepTyped)
        {
            Settings = ChannelSettingsFields.Of(Form.Settings);
            Version = Form.Version;
        }

        return true;
    }
}
