namespace RetroVue.Domain.Library;

/// <summary>Everything an enricher learned about a file by reading it.</summary>
public sealed record ProbeResult
{
    public string? Container { get; init; }
    public TimeSpan? Duration { get; init; }
    public long? BitRate { get; init; }
    public IReadOnlyList<MediaStream> Streams { get; init; } = [];
    public IReadOnlyList<MarkerFact> Chapters { get; init; } = [];

    public bool HasVideo => Streams.Any(s => s.Kind == StreamKind.Video);
    public bool HasUsableDuration => Duration is { } d && d > TimeSpan.Zero;
}

public sealed record MarkerFact(MarkerKind Kind, TimeSpan Start, TimeSpan? End, string? Label);
