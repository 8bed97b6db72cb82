namespace RetroVue.Domain.Review;

/// <summary>Why the machine could not decide on its own.</summary>
public enum ReviewReason
{
    ProbeFailed = 0,
    NoVideoStream = 1,
    NoUsableDuration = 2,
    UnmatchedName = 3,
    FileNotReachable = 4,
}

public enum ReviewStatus
{
    Pending = 0,
    Resolved = 1,
    Dismissed = 2,
}
