using RetroVue.App.Guide;

namespace RetroVue.Web.Admin.Pages.Guide;

/// <summary>
/// A cell of the grid: where it sits (column 2 is the window's first slot), how many slots it spans, and the
/// programmes it stands for, in order. A cell holds several programmes when they are too short to be drawn apart;
/// it is labelled with the longest of them.
/// </summary>
public sealed record GuideCell(IReadOnlyList<GridProgramme> Programmes, int Column, int Span, bool StartedBefore, bool OnAir)
{
    public GridProgramme Programme { get; } = Programmes.MaxBy(p => p.Stop - p.Start)!;

    public DateTimeOffset Start => Programmes[0].Start;

    public DateTimeOffset Stop => Programmes[^1].Stop;

    public int Others => Programmes.Count - 1;
}

/// <summary>
/// Places one channel's programmes on the grid's fixed slots. A programme covers every slot it touches. One shorter than
/// a slot that touches the previous cell joins it (up to <see cref="MaxSharedSlots"/> slots per cell), so a run of short
/// items (music videos, shorts, the demo's clips) reads as a few cells instead of vanishing or overlapping; a longer
/// one starts its own cell where the previous one ends.
/// </summary>
public sealed class GuideRowLayout(DateTimeOffset from, TimeSpan slot, int slots, DateTimeOffset now)
{
    public const int MaxSharedSlots = 6;

    public DateTimeOffset To => from + (slot * slots);

    /// <summary>The slot index (0 = the window's start) nearest to an instant, kept inside the window.</summary>
    public int Slot(DateTimeOffset instant) =>
        (int)Math.Clamp(Math.Round((instant - from) / slot), 0, slots);

    public IReadOnlyList<GuideCell> Place(IEnumerable<GridProgramme> programmes)
    {
        var cells = new List<(int First, int End, List<GridProgramme> Programmes)>();
        foreach (var programme in programmes.Where(p => p.Stop > from && p.Start < To).OrderBy(p => p.Start))
        {
            var first = (int)Math.Clamp(Math.Floor((programme.Start - from) / slot), 0, slots - 1);
            var end = (int)Math.Clamp(Math.Ceiling((programme.Stop - from) / slot), first + 1, slots);
            if (cells.Count > 0 && first < cells[^1].End)
            {
                var current = cells[^1];
                var tooShortToDrawApart = programme.Stop - programme.Start < slot;
                if (end <= current.End || (tooShortToDrawApart && end - current.First <= MaxSharedSlots))
                {
                    current.Programmes.Add(programme);
                    cells[^1] = current with { End = Math.Max(end, current.End) };
                    continue;
                }

                first = current.End;
            }

            cells.Add((first, end, [programme]));
        }

        return cells.Select(c => new GuideCell(
            c.Programmes,
            c.First + 2,
            c.End - c.First,
            c.Programmes[0].Start < from,
            c.Programmes.Any(p => p.Start <= now && p.Stop > now))).ToList();
    }
}
