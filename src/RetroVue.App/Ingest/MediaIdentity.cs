namespace RetroVue.App.Ingest;

/// <summary>What a file was recognised as, from its name or from a provider's metadata.</summary>
public abstract record MediaIdentity;

/// <param name="EpisodeNumbers">One or more numbers: a file may carry S01E01-E02.</param>
public sealed record EpisodeIdentity(
    string ShowName,
    int? ShowYear,
    int SeasonNumber,
    IReadOnlyList<int> EpisodeNumbers,
    string? EpisodeTitle) : MediaIdentity;

public sealed record MovieIdentity(string Name, int? Year) : MediaIdentity;

/// <summary>The file is media but its name says nothing usable: it goes to the review queue.</summary>
public sealed record UnmatchedIdentity(string Why) : MediaIdentity;
