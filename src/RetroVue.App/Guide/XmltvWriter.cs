using System.Globalization;
using System.Text;
using System.Xml;
using RetroVue.App.Guide.Templates;
using RetroVue.Domain.Scheduling;

namespace RetroVue.App.Guide;

/// <summary>
/// Writes the XMLTV guide the way the DTD and real clients want it: every channel before any programme, times as
/// yyyyMMddHHmmss +0000 (rounded to the nearest second), programme children in the DTD's order, no empty elements, zero-based xmltv_ns numbers.
/// </summary>
public static class XmltvWriter
{
    public const string ContentType = "application/xml; charset=utf-8";

    public static Task WriteAsync(Stream stream, GuideData guide, CancellationToken cancellationToken) =>
        WriteAsync(stream, guide, _ => null, cancellationToken);

    /// <param name="artworkUrl">The absolute URL of an artwork key (<see cref="GuideArtwork.Url"/>), or null to leave the icon out.</param>
    public static Task WriteAsync(Stream stream, GuideData guide, Func<string, string?> artworkUrl, CancellationToken cancellationToken) =>
        WriteAsync(stream, guide, artworkUrl, null, cancellationToken);

    /// <param name="artworkUrl">The absolute URL of an artwork key (<see cref="GuideArtwork.Url"/>), or null to leave the icon out.</param>
    /// <param name="texts">The channels' guide templates; null (or a channel without templates) writes RetroVue's own text.</param>
    public static async Task WriteAsync(Stream stream, GuideData guide, Func<string, string?> artworkUrl, GuideTextRenderer? texts, CancellationToken cancellationToken)
    {
        var settings = new XmlWriterSettings
        {
            Async = true,
            Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
            Indent = true,
            CloseOutput = false,
        };
        await using var xml = XmlWriter.Create(stream, settings);
        await xml.WriteStartDocumentAsync();
        await xml.WriteDocTypeAsync("tv", null, "xmltv.dtd", null);
        await xml.WriteStartElementAsync(null, "tv", null);
        await xml.WriteAttributeStringAsync(null, "generator-info-name", null, "RetroVue");

        foreach (var entry in guide.Channels)
        {
            await WriteChannelAsync(xml, entry.Channel, artworkUrl);
        }

        foreach (var entry in guide.Channels)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var id = entry.Channel.StableId;
            if (entry.Programmes.Count == 0)
            {
                // Every declared channel needs a programme; an unbuilt channel plays a slate, and says so.
                await WriteProgrammeAsync(xml, id, guide.From, guide.To, guide.PlaceholderTitle, null, null, GuideText.Default);
                continue;
            }

            foreach (var programme in entry.Programmes)
            {
                var icon = programme.Programme.ArtworkKey is { Length: > 0 } key ? artworkUrl(key) : null;
                var text = texts is null ? GuideText.Default : await texts.RenderAsync(entry.Channel, programme, cancellationToken);
                await WriteProgrammeAsync(xml, id, programme.Start, programme.Stop, programme.Programme, icon, text);
            }
        }

        await xml.WriteEndElementAsync();
        await xml.WriteEndDocumentAsync();
        await xml.FlushAsync();
    }

    /// <summary>
    /// XMLTV's time format, rounded to the nearest second like every other guide view (<see cref="GuideTime"/>);
    /// .NET's "zzz" would write "+00:00", which the validator and Kodi reject.
    /// </summary>
    public static string FormatTime(DateTimeOffset instant) =>
        GuideTime.Round(instant).UtcDateTime.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture) + " +0000";

    /// <summary>xmltv_ns counts from zero: S01E02 is "0.1.". Specials (season 0) have no place in it.</summary>
    public static string? XmltvNs(int? season, int? episode) => (season, episode) switch
    {
        ({ } s, { } e) when s >= 1 && e >= 1 => string.Create(CultureInfo.InvariantCulture, $"{s - 1}.{e - 1}."),
        (null, { } e) when e >= 1 => string.Create(CultureInfo.InvariantCulture, $".{e - 1}."),
        _ => null,
    };

    public static string? OnScreen(int? season, int? episode) => (season, episode) switch
    {
        ({ } s, { } e) => string.Create(CultureInfo.InvariantCulture, $"S{s:00}E{e:00}"),
        (null, { } e) => string.Create(CultureInfo.InvariantCulture, $"E{e:00}"),
        _ => null,
    };

    private static async Task WriteChannelAsync(XmlWriter xml, Channel channel, Func<string, string?> artworkUrls)
    {
        var number = channel.Number.ToString();
        await xml.WriteStartElementAsync(null, "channel", null);
        await xml.WriteAttributeStringAsync(null, "id", null, channel.StableId);

        // "2 Name", "2", "Name": Plex shows the number when it finds it this way.
        await xml.WriteElementStringAsync(null, "display-name", null, Clean($"{number} {channel.Name}"));
        await xml.WriteElementStringAsync(null, "display-name", null, number);
        await xml.WriteElementStringAsync(null, "display-name", null, Clean(channel.Name));
        if (GuideLogo.UrlFor(channel, artworkUrls) is { } logo)
        {
            await xml.WriteStartElementAsync(null, "icon", null);
            await xml.WriteAttributeStringAsync(null, "src", null, logo);
            await xml.WriteEndElementAsync();
        }

        await xml.WriteEndElementAsync();
    }

    private static Task WriteProgrammeAsync(XmlWriter xml, string channelId, DateTimeOffset start, DateTimeOffset stop, StoredTimelineEntry p, string? iconUrl, GuideText text) =>
        WriteProgrammeAsync(xml, channelId, start, stop, NonEmpty(text.Title) ?? p.Title, p, iconUrl, text);

    /// <param name="text">Templated text; where it is null (or blank) the programme's own text is written, exactly as without templates.</param>
    private static async Task WriteProgrammeAsync(XmlWriter xml, string channelId, DateTimeOffset start, DateTimeOffset stop, string title, StoredTimelineEntry? p, string? iconUrl, GuideText text)
    {
        await xml.WriteStartElementAsync(null, "programme", null);
        await xml.WriteAttributeStringAsync(null, "start", null, FormatTime(start));
        await xml.WriteAttributeStringAsync(null, "stop", null, FormatTime(stop));
        await xml.WriteAttributeStringAsync(null, "channel", null, channelId);
        await xml.WriteElementStringAsync(null, "title", null, NonEmpty(title) ?? "Untitled");
        if (p is not null)
        {
            await ElementAsync(xml, "sub-title", NonEmpty(text.SubTitle) ?? p.SubTitle);
            await ElementAsync(xml, "desc", NonEmpty(text.Description) ?? p.Description);
            await ElementAsync(xml, "date", p.GuideDate);
            await ElementAsync(xml, "category", p.Category);
            if (NonEmpty(iconUrl) is { } icon)
            {
                await xml.WriteStartElementAsync(null, "icon", null);
                await xml.WriteAttributeStringAsync(null, "src", null, icon);
                await xml.WriteEndElementAsync();
            }

            await EpisodeNumAsync(xml, "xmltv_ns", XmltvNs(p.SeasonNumber, p.EpisodeNumber));
            await EpisodeNumAsync(xml, "onscreen", OnScreen(p.SeasonNumber, p.EpisodeNumber));
        }

        await xml.WriteEndElementAsync();
    }

    private static async Task EpisodeNumAsync(XmlWriter xml, string system, string? value)
    {
        if (value is null)
        {
            return;
        }

        await xml.WriteStartElementAsync(null, "episode-num", null);
        await xml.WriteAttributeStringAsync(null, "system", null, system);
        await xml.WriteStringAsync(value);
        await xml.WriteEndElementAsync();
    }

    private static Task ElementAsync(XmlWriter xml, string name, string? value) =>
        NonEmpty(value) is { } text ? xml.WriteElementStringAsync(null, name, null, text) : Task.CompletedTask;

    private static string? NonEmpty(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var clean = Clean(value.Trim());
        return clean.Length == 0 ? null : clean;
    }

    /// <summary>Drops characters XML 1.0 cannot carry (control characters from file tags), which would make the whole guide unreadable.</summary>
    private static string Clean(string value)
    {
        foreach (var c in value)
        {
            if (!XmlConvert.IsXmlChar(c) && !char.IsSurrogate(c))
            {
                return new string(value.Where(ch => XmlConvert.IsXmlChar(ch) || char.IsSurrogate(ch)).ToArray());
            }
        }

        return value;
    }
}
