using System.Globalization;
using System.Text;
using Microsoft.Net.Http.Headers;
using RetroVue.App.Common;
using RetroVue.App.Scheduling;
using RetroVue.App.Scheduling.Editing;
using RetroVue.Domain.Scheduling;
using RetroVue.Web.Channels;

namespace RetroVue.Web.Api;

/// <summary>Settings as the API reads and writes them; <c>version</c> detects a change made since they were read.</summary>
public sealed record ChannelSettingsBody(
    string? Number,
    string? Name,
    string? Group,
    string? Logo,
    string? TimeZone,
    string? BroadcastDayStart,
    int? GridMinutes,
    bool? Enabled,
    string? Version,
    GuideTemplateInput? Guide = null);

public sealed record ChannelDetail(ChannelView Channel, ChannelSettingsBody Settings, string Version);

/// <summary>A new channel: its complete schedule document.</summary>
public sealed record NewChannelRequest(string? Schedule);

/// <summary>/api/channels: channels, their schedule documents, previews, timelines and rebuilds.</summary>
public static class ChannelApi
{
    public const string YamlContentType = "application/yaml; charset=utf-8";
    public static readonly TimeSpan DefaultTimelineLength = TimeSpan.FromHours(6);
    public static readonly TimeSpan MaxTimelineLength = TimeSpan.FromDays(7);

    public static void MapChannels(RouteGroupBuilder channels)
    {
        channels.MapGet("/", (ChannelOverview overview, CancellationToken ct) => overview.ListAsync(ct))
            .WithSummary("Every channel with its settings, how far its timeline is built, and what plays now and next.");
        channels.MapGet("/{number}", async (string number, ChannelEditor editor, CancellationToken ct) => Detail(await editor.GetAsync(Number(number), ct)))
            .WithSummary("One channel's settings and the version of its schedule document.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        channels.MapNowPlaying();
        channels.MapPost("/", async (NewChannelRequest body, ChannelPublisher publisher, CancellationToken ct) =>
            {
                var published = await publisher.ApplyScheduleAsync(null, body.Schedule, null, ct);
                return TypedResults.Created($"/api/channels/{published.Channel.Number}", published);
            })
            .WithSummary("Create a channel from a complete schedule document (YAML in 'schedule') and build its timeline. Errors list their lines.")
            .ProducesProblem(StatusCodes.Status409Conflict);
        channels.MapPut("/{number}", async (string number, ChannelSettingsBody body, ChannelPublisher publisher, ChannelEditor editor, CancellationToken ct) =>
            {
                var input = new ChannelSettingsInput(body.Number ?? number, body.Name, body.Group, body.Logo, body.TimeZone, body.BroadcastDayStart, body.GridMinutes, body.Enabled ?? true, body.Guide);
                var published = await publisher.UpdateSettingsAsync(Number(number), input, body.Version, ct);
                return TypedResults.Ok(Detail(await editor.GetAsync(ChannelNumber.Parse(published.Channel.Number), ct)));
            })
            .WithSummary("Change a channel's settings (rewrites the channel section of its document); 409 when it changed since 'version' was read. 'guide' replaces the XMLTV templates (left out: kept); 400 lists each template problem with its line ('errors').")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        channels.MapDelete("/{number}", (string number, ChannelService service, CancellationToken ct) => service.RemoveAsync(Number(number), ct))
            .WithSummary("Remove a channel with its schedule and timeline.")
            .ProducesProblem(StatusCodes.Status404NotFound);

        channels.MapGet("/{number}/schedule", async (string number, HttpContext http, ChannelEditor editor, CancellationToken ct) =>
            {
                var form = await editor.GetAsync(Number(number), ct);
                http.Response.Headers.ETag = Quote(form.Version);
                return Results.Text(form.ScheduleYaml, YamlContentType, Encoding.UTF8);
            })
            .WithSummary("The channel's schedule document as applied (YAML, comments kept); the ETag is its version.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        channels.MapPut("/{number}/schedule", async (string number, HttpRequest request, ChannelPublisher publisher, CancellationToken ct) =>
            {
                var document = await ReadDocumentAsync(request, ct);
                return TypedResults.Ok(await publisher.ApplyScheduleAsync(Number(number), document, IfMatch(request), ct));
            })
            .WithSummary("Replace the schedule with the YAML body and rebuild the future of the timeline. 400 lists every problem with its line ('errors'); with If-Match, 409 when the document changed meanwhile.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        channels.MapPost("/{number}/preview", async (string number, HttpRequest request, int? hours, ChannelEditor editor, CancellationToken ct) =>
            {
                var document = await ReadDocumentAsync(request, ct);
                var target = number == "new" ? (ChannelNumber?)null : Number(number);
                return await editor.PreviewAsync(target, document, TimeSpan.FromHours(hours ?? 24), ct);
            })
            .WithSummary("What the YAML body would play over the next 'hours' (24), built in memory: nothing is saved. Use 'new' as the number for a channel not created yet.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        channels.MapGet("/{number}/timeline", async (string number, string? from, string? to, TimelineQueries timeline, TimeProvider clock, CancellationToken ct) =>
            {
                var start = Instant(from, "from") ?? clock.GetUtcNow();
                var end = Instant(to, "to") ?? start + DefaultTimelineLength;
                if (end <= start || end - start > MaxTimelineLength)
                {
                    throw new UserFacingException($"'to' must be after 'from' and at most {MaxTimelineLength.TotalDays:0} days later.");
                }

                return await timeline.ProgrammesAsync(Number(number), start, end - start, ct);
            })
            .WithSummary("The guide programmes (with their entries) overlapping [from, to); default now to 6 hours later, at most 7 days.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        channels.MapPost("/{number}/rebuild", (string number, bool? reset, ChannelPublisher publisher, CancellationToken ct) =>
                publisher.RebuildAsync(Number(number), reset ?? false, ct))
            .WithSummary("Bring the timeline up to date now (rebuilding the future after a schedule change); ?reset=true throws it away and starts again from the block on air.")
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    public static ChannelNumber Number(string text) =>
        ChannelNumber.TryParse(text, out var number) ? number : throw new UserFacingException($"'{text}' is not a channel number.");

    public static ChannelDetail Detail(ChannelForm form)
    {
        var s = form.Settings;
        var settings = new ChannelSettingsBody(
            s.Number.ToString(),
            s.Name,
            s.Group,
            s.LogoUrl,
            s.TimeZoneId,
            s.BroadcastDayStart.ToString("HH:mm", CultureInfo.InvariantCulture),
            s.GridMinutes,
            s.Enabled,
            form.Version,
            new GuideTemplateInput(s.Guide.Title, s.Guide.SubTitle, s.Guide.Description));
        return new ChannelDetail(form.Channel, settings, form.Version);
    }

    private static DateTimeOffset? Instant(string? text, string name) =>
        text is null ? null
        : DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant) ? instant
        : throw new UserFacingException($"'{name}={text}' is not an instant; use ISO 8601, e.g. 2025-01-06T18:00:00Z.");

    private static async Task<string> ReadDocumentAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        // Bounded: the request-size limit has already refused bodies over 1 MiB; the editor refuses long documents.
        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        var buffer = new char[ChannelEditor.MaxDocumentLength + 1];
        var read = 0;
        int count;
        while (read < buffer.Length && (count = await reader.ReadAsync(buffer.AsMemory(read), cancellationToken)) > 0)
        {
            read += count;
        }

        return read > ChannelEditor.MaxDocumentLength
            ? throw new UserFacingException($"The schedule is longer than {ChannelEditor.MaxDocumentLength:N0} characters.")
            : new string(buffer, 0, read);
    }

    private static string? IfMatch(HttpRequest request) =>
        EntityTagHeaderValue.TryParseList(request.Headers.IfMatch, out var tags) && tags.FirstOrDefault() is { } tag
            ? tag.Tag.ToString().Trim('"')
            : null;

    private static string Quote(string version) => $"\"{version}\"";
}
