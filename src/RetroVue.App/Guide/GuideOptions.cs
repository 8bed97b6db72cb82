namespace RetroVue.App.Guide;

/// <summary>What the XMLTV guide covers (section "Guide").</summary>
public sealed class GuideOptions
{
    public const string SectionName = "Guide";

    /// <summary>Hours of programmes after now.</summary>
    public double Hours { get; set; } = 48;

    /// <summary>Hours before now, so a programme that started a while ago is still listed.</summary>
    public double PastHours { get; set; } = 2;

    /// <summary>Title of the placeholder programme of a channel whose timeline is not built yet.</summary>
    public string PlaceholderTitle { get; set; } = "Stand By";

    /// <summary>Most characters one guide template may write for one programme; past it the programme gets the default text.</summary>
    public int TemplateMaxOutput { get; set; } = 4096;

    /// <summary>Longest one guide template may take for one programme; past it the programme gets the default text.</summary>
    public TimeSpan TemplateRenderTimeout { get; set; } = TimeSpan.FromSeconds(1);
}
