using RetroVue.Domain.Review;

namespace RetroVue.Adapters.Streaming.Remote;

public enum RemoteFaultKind
{
    TokenRefused,
    PartGone,
    ServerError,
    UnexpectedAnswer,
    Unreachable,
    Redirected,
    Truncated,
}

/// <summary>Why a remote file could not be read, in words an operator can act on. Never holds a header value.</summary>
public sealed record RemoteFault(RemoteFaultKind Kind, string Text)
{
    /// <summary>The review item the fault files under, one per cause: each has its own remedy.</summary>
    public ReviewReason Reason => Kind switch
    {
        RemoteFaultKind.TokenRefused => ReviewReason.RemoteRefused,
        RemoteFaultKind.PartGone => ReviewReason.RemoteGone,
        _ => ReviewReason.RemoteUnavailable,
    };

    public static RemoteFault ForStatus(string server, int status) => status switch
    {
        401 or 403 => new(RemoteFaultKind.TokenRefused, $"{server} refused the token ({status})"),
        404 or 410 => new(RemoteFaultKind.PartGone, $"{server} no longer has the part ({status})"),
        >= 500 => new(RemoteFaultKind.ServerError, $"{server} answered {status}"),
        _ => new(RemoteFaultKind.UnexpectedAnswer, $"{server} answered {status} to a range request"),
    };

    public static RemoteFault Unreachable(string server, string why) => new(RemoteFaultKind.Unreachable, $"{server} could not be reached: {why}");

    public static RemoteFault Redirected(string server, string host) =>
        new(RemoteFaultKind.Redirected, $"{server} redirected the part to another host ({host}); the token is not sent there");

    public static RemoteFault Truncated(string server, long reached, long? expectedEnd) =>
        new(RemoteFaultKind.Truncated, expectedEnd is { } end
            ? $"{server} ended the part early (at byte {reached} of {end + 1}) and did not resume"
            : $"{server} ended the part early (at byte {reached}) and did not resume");
}
