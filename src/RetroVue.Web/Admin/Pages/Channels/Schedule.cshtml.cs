using Microsoft.AspNetCore.Mvc;
using RetroVue.App.Common;
using RetroVue.App.Scheduling;
using RetroVue.App.Scheduling.Editing;
using RetroVue.Domain.Scheduling;

namespace RetroVue.Web.Admin.Pages.Channels;

/// <summary>The schedule editor of a channel ("new" for one being created): preview without saving, apply with errors at their lines.</summary>
public sealed class ScheduleModel(ChannelEditor editor, ChannelPublisher publisher) : AdminPageModel
{
    [BindProperty(SupportsGet = true)]
    public string Number { get; set; } = string.Empty;

    [BindProperty]
    public string? Document { get; set; }

    [BindProperty]
    public string? Version { get; set; }

    public ChannelForm? Channel { get; private set; }

    public ScheduleEditorView Editor { get; private set; } = new("new", null, null, [], null);

    private bool IsNew => Number == "new";

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (IsNew)
        {
            return Redirect("/admin/channels/new");
        }

        if (!await TryLoadAsync(cancellationToken))
        {
            return NotFound();
        }

        Editor = new ScheduleEditorView(Number, Channel!.ScheduleYaml, Channel.Version, [], null);
        return Page();
    }

    public Task<IActionResult> OnPostPreviewAsync(CancellationToken cancellationToken) =>
        ChangeAsync(
            async () =>
            {
                if (!IsNew && !await TryLoadAsync(cancellationToken))
                {
                    return NotFound();
                }

                var preview = await editor.PreviewAsync(Target(), Document, ChannelEditor.DefaultPreviewLength, cancellationToken);
                if (!preview.IsValid)
                {
                    Response.StatusCode = StatusCodes.Status400BadRequest;
                }

                Editor = new ScheduleEditorView(Number, Document, Version, preview.Errors, preview);
                return Page();
            },
            KeepTypedAsync);

    public Task<IActionResult> OnPostApplyAsync(CancellationToken cancellationToken) =>
        ChangeAsync(
            async () =>
            {
                if (!IsNew && !await TryLoadAsync(cancellationToken))
                {
                    return NotFound();
                }

                try
                {
                    var published = await publisher.ApplyScheduleAsync(Target(), Document, Version, cancellationToken);
                    var applied = published.Channel;
                    Message = applied.Outcome switch
                    {
                        ApplyOutcome.Created => $"Created channel {applied.Number} '{applied.Name}'" + Built(published.Build),
                        ApplyOutcome.Updated => $"Applied the schedule of channel {applied.Number}" + Built(published.Build),
                        _ => $"Channel {applied.Number}'s schedule was already exactly this; nothing changed.",
                    };
                    return Redirect($"/admin/channels/{applied.Number}");
                }
                catch (ScheduleValidationException e)
                {
                    Response.StatusCode = StatusCodes.Status400BadRequest;
                    Editor = new ScheduleEditorView(Number, Document, Version, e.Errors, null);
                    return Page();
                }
            },
            KeepTypedAsync);

    private static string Built(PlayoutResult? build) =>
        build is null ? "." : build.Error is { } error ? $"; building its timeline failed: {error}" : $"; the timeline is rebuilt from {Format.When(build.ReplacedFrom)} ({build.EntriesWritten} entries).";

    private ChannelNumber? Target() => IsNew ? null : ChannelNumber.TryParse(Number, out var n) ? n : throw new NotFoundException($"There is no channel {Number}.");

    /// <summary>After an error (a stale form too), the text typed stays in the editor.</summary>
    private async Task KeepTypedAsync()
    {
        if (!IsNew)
        {
            await TryLoadAsync(CancellationToken.None);
        }

        Editor = new ScheduleEditorView(Number, Document, Version, [], null);
    }

    private async Task<bool> TryLoadAsync(CancellationToken cancellationToken)
    {
        if (!ChannelNumber.TryParse(Number, out var number))
        {
            return false;
        }

        try
        {
            Channel = await editor.GetAsync(number, cancellationToken);
            return true;
        }
        catch (NotFoundException)
        {
            return false;
        }
    }
}
