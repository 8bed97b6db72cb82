using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using RetroVue.App.Guide;

namespace RetroVue.Web.Admin.Pages.Guide;

/// <summary>
/// The guide: channels down, a 6-hour window across in five-minute columns (starting half an hour before now),
/// with links to the windows before and after. Cells are placed with CSS classes, since the CSP allows no inline styles.
/// </summary>
public sealed class GuideModel(GuideGrid grid, TimeProvider clock) : AdminPageModel
{
    public const int SlotMinutes = 5;
    public const int Slots = 72;
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(SlotMinutes * Slots);
    public static readonly TimeSpan Step = TimeSpan.FromHours(3);
    public static readonly TimeSpan Lead = TimeSpan.FromMinutes(30);

    [BindProperty(SupportsGet = true)]
    public string? From { get; set; }

    public GuideGridData Data { get; private set; } = new(DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, []);

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        DateTimeOffset start;
        if (string.IsNullOrWhiteSpace(From))
        {
            start = now - Lead;
        }
        else if (!DateTimeOffset.TryParse(From, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out start))
        {
            Error = $"'{From}' is not a time; the guide shows the window around now instead.";
            Response.StatusCode = StatusCodes.Status400BadRequest;
            start = now - Lead;
        }

        Data = await grid.LoadAsync(Floor(start), Window, cancellationToken);
        return Page();
    }

    public string Link(TimeSpan shift) => $"/admin/guide?from={Uri.EscapeDataString((Data.From + shift).UtcDateTime.ToString("yyyy-MM-ddTHH:mmZ", CultureInfo.InvariantCulture))}";

    /// <summary>The slot an instant falls on, rounded to the nearest and kept inside the window (0 = the window's start).</summary>
    public int Slot(DateTimeOffset instant) => Layout.Slot(instant);

    private GuideRowLayout Layout => new(Data.From, TimeSpan.FromMinutes(SlotMinutes), Slots, Data.Now);

    public bool ShowsNow => Data.Now >= Data.From && Data.Now < Data.To;

    /// <summary>Half-hour marks inside the window.</summary>
    public IEnumerable<DateTimeOffset> Ticks()
    {
        var first = new DateTimeOffset(Data.From.Ticks - (Data.From.Ticks % TimeSpan.FromMinutes(30).Ticks), TimeSpan.Zero);
        for (var t = first < Data.From ? first.AddMinutes(30) : first; t < Data.To; t = t.AddMinutes(30))
        {
            yield return t;
        }
    }

    public IReadOnlyList<GuideCell> Cells(GridChannel channel) => Layout.Place(channel.Programmes);

    private static DateTimeOffset Floor(DateTimeOffset instant)
    {
        var utc = instant.ToUniversalTime();
        var slot = TimeSpan.FromMinutes(SlotMinutes).Ticks;
        return new DateTimeOffset(utc.Ticks - (utc.Ticks % slot), TimeSpan.Zero);
    }
}
