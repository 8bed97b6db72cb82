using System.Globalization;
using RetroVue.App.Scheduling;
using RetroVue.App.Scheduling.Editing;

namespace RetroVue.Web.Admin.Pages.Channels;

/// <summary>The settings form of a channel, as posted (field names "Settings.Number" and so on).</summary>
public sealed class ChannelSettingsFields
{
    public string? Number { get; set; }
    public string? Name { get; set; }
    public string? Group { get; set; }
    public string? Logo { get; set; }
    public string? TimeZone { get; set; }
    public string? DayStart { get; set; }
    public int? GridMinutes { get; set; }
    public bool Enabled { get; set; }
    public string? GuideTitle { get; set; }
    public string? GuideSubTitle { get; set; }
    public string? GuideDescription { get; set; }

    public ChannelSettingsInput ToInput() => new(Number, Name, Group, Logo, TimeZone, DayStart, GridMinutes, Enabled, new GuideTemplateInput(GuideTitle, GuideSubTitle, GuideDescription));

    public static ChannelSettingsFields Of(ChannelDefinition settings) => new()
    {
        Number = settings.Number.ToString(),
        Name = settings.Name,
        Group = settings.Group,
        Logo = settings.LogoUrl,
        TimeZone = settings.TimeZoneId,
        DayStart = settings.BroadcastDayStart.ToString("HH:mm", CultureInfo.InvariantCulture),
        GridMinutes = settings.GridMinutes,
        Enabled = settings.Enabled,
        GuideTitle = settings.Guide.Title,
        GuideSubTitle = settings.Guide.SubTitle,
        GuideDescription = settings.Guide.Description,
    };
}

/// <summary>What the schedule editor partial shows: the text, its errors at their lines, and a preview.</summary>
/// <param name="Target">"new" or the channel number the form posts to.</param>
public sealed record ScheduleEditorView(
    string Target,
    string? Document,
    string? Version,
    IReadOnlyList<RetroVue.App.Scheduling.Yaml.ScheduleError> Errors,
    SchedulePreview? Preview)
{
    public bool IsNew => Target == "new";

    public string Action(string handler) => $"/admin/channels/{Uri.EscapeDataString(Target)}/schedule?handler={handler}";

    /// <summary>The messages of each line that has errors.</summary>
    public ILookup<int, string> ErrorsByLine => Errors.ToLookup(e => e.Line, e => e.Message);

    public IReadOnlyList<string> Lines => (Document ?? string.Empty).ReplaceLineEndings("\n").Split('\n');
}
