namespace RetroVue.Domain.Library;

public enum MarkerKind
{
    Chapter = 0,
    Avail = 1,
    Intro = 2,
    Outro = 3,
}

/// <summary>A point or span in a file: a chapter, a place for a break, an intro or outro.</summary>
public sealed class Marker
{
    private Marker()
    {
    }

    public Marker(Guid assetId, MarkerKind kind, TimeSpan start, TimeSpan? end, string? label)
    {
        Id = Guid.NewGuid();
        AssetId = assetId;
        Kind = kind;
        Start = start;
        End = end;
        Label = label;
    }

    public Guid Id { get; private set; }
    public Guid AssetId { get; private set; }
    public MarkerKind Kind { get; private set; }
    public TimeSpan Start { get; private set; }
    public TimeSpan? End { get; private set; }
    public string? Label { get; private set; }
}
