using System.Globalization;
using RetroVue.App.Common;
using RetroVue.App.Scheduling;
using RetroVue.Domain.Scheduling;

namespace RetroVue.Web.Channels;

public static class ChannelEndpoints
{
    public const int DefaultNext = 5;

    /// <summary>
    /// GET {channels}/{number}/now[?at=ISO-8601&amp;next=N]: the entry on air, the offset into it and the entries that follow.
    /// Mapped onto the API's guarded /api/channels group, so only the admin or an API key reads it.
    /// </summary>
    public static IEndpointRouteBuilder MapNowPlaying(this IEndpointRouteBuilder channels)
    {
        channels.MapGet("/{number}/now", async (string number, string? at, int? next, TimelineQueries timeline, CancellationToken cancellationToken) =>
        {
            if (!ChannelNumber.TryParse(number, out var channel))
            {
                return Results.Problem($"'{number}' is not a channel number.", statusCode: StatusCodes.Status400BadRequest);
            }

            DateTimeOffset? instant = null;
            if (at is not null)
            {
                if (!DateTimeOffset.TryParse(at, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
                {
                    return Results.Problem($"'{at}' is not an instant; use ISO 8601, e.g. 2025-01-06T18:00:00Z.", statusCode: StatusCodes.Status400BadRequest);
                }

                instant = parsed;
            }

            try
            {
                return Results.Ok(await timeline.NowAsync(channel, instant, next ?? DefaultNext, cancellationToken));
            }
            catch (NotFoundException e)
            {
                return Results.Problem(e.Message, statusCode: StatusCodes.Status404NotFound);
            }
        })
            .WithSummary("The entry on air (or at ?at=), the offset into it and the next ?next= entries (default 5).")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return channels;
    }
}
