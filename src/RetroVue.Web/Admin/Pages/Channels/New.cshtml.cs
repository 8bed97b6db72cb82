using Microsoft.AspNetCore.Mvc;
using RetroVue.App.Scheduling.Editing;

namespace RetroVue.Web.Admin.Pages.Channels;

/// <summary>A new channel in two steps: its settings, then a starter schedule in the editor (nothing is saved until "Create").</summary>
public sealed class NewChannelModel(ChannelEditor editor, DisplayTime time) : AdminPageModel
{
    [BindProperty]
    public ChannelSettingsFields Settings { get; set; } = new();

    public ScheduleEditorView? Editor { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Settings = new ChannelSettingsFields
        {
            Number = await editor.NextFreeNumberAsync(cancellationToken),
            TimeZone = time.ZoneName,
            DayStart = "06:00",
            GridMinutes = 30,
            Enabled = true,
        };
    }

    public Task<IActionResult> OnPostAsync(CancellationToken cancellationToken) =>
        ChangeAsync(async () =>
        {
            var document = await editor.StarterAsync(Settings.ToInput(), cancellationToken);
            Editor = new ScheduleEditorView("new", document, null, [], null);
            return Page();
        });
}
