using System.Globalization;
using RetroVue.App.Guide.Templates;
using RetroVue.Domain.Scheduling;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace RetroVue.App.Scheduling.Yaml;

/// <summary>Writes a channel and its schedule as the YAML document <see cref="ScheduleYamlReader"/> reads back to the same model.</summary>
public static class ScheduleYamlWriter
{
    public static string Write(ChannelDefinition channel, ChannelSchedule schedule)
    {
        var root = new YamlMappingNode
        {
            { "channel", ChannelNode(channel) },
        };
        if (schedule.Pools.Count > 0)
        {
            root.Add("pools", new YamlSequenceNode(schedule.Pools.Select(PoolNode)));
        }

        var filler = FillerNode(schedule.Filler);
        if (filler.Children.Count > 0)
        {
            root.Add("filler", filler);
        }

        root.Add("layers", new YamlSequenceNode(schedule.Layers.Select(LayerNode)));
        return Emit(root);
    }

    /// <summary>Only the document's <c>channel:</c> section, for replacing that section of a document as written.</summary>
    public static string WriteChannelSection(ChannelDefinition channel) =>
        Emit(new YamlMappingNode { { "channel", ChannelNode(channel) } });

    private static string Emit(YamlMappingNode root)
    {
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        var emitter = new Emitter(writer, new EmitterSettings().WithBestIndent(2));
        var stream = new YamlStream(new YamlDocument(root));
        stream.Save(emitter, assignAnchors: false);
        var text = writer.ToString();
        return text.EndsWith("...\n", StringComparison.Ordinal) ? text[..^4] : text;
    }

    private static YamlMappingNode ChannelNode(ChannelDefinition c)
    {
        var node = new YamlMappingNode();
        AddIf(node, "id", c.StableId);
        node.Add("number", Quoted(c.Number.ToString()));
        node.Add("name", c.Name);
        AddIf(node, "group", c.Group);
        AddIf(node, "logo", c.LogoUrl);
        node.Add("time_zone", c.TimeZoneId);
        node.Add("broadcast_day_start", Quoted(c.BroadcastDayStart.ToString("HH:mm", CultureInfo.InvariantCulture)));
        node.Add("grid_minutes", Number(c.GridMinutes));
        node.Add("enabled", c.Enabled ? "true" : "false");
        var p = c.Profile;
        node.Add("streaming", new YamlMappingNode
        {
            { "width", Number(p.Width) },
            { "height", Number(p.Height) },
            { "frame_rate", p.FrameRate.ToString("R", CultureInfo.InvariantCulture) },
            { "video_bitrate_kbps", Number(p.VideoBitRateKbps) },
            { "audio_bitrate_kbps", Number(p.AudioBitRateKbps) },
            { "transcode", p.Transcode == TranscodeMode.Always ? "always" : "auto" },
        });
        if (!c.Guide.IsEmpty)
        {
            var guide = new YamlMappingNode();
            AddTemplate(guide, GuideTemplateCheck.TitleKey, c.Guide.Title);
            AddTemplate(guide, GuideTemplateCheck.SubTitleKey, c.Guide.SubTitle);
            AddTemplate(guide, GuideTemplateCheck.DescriptionKey, c.Guide.Description);
            node.Add("guide", guide);
        }

        return node;
    }

    /// <summary>A template as a '|' block, so its lines read (and its errors are numbered) as the operator wrote them.</summary>
    private static void AddTemplate(YamlMappingNode node, string key, string? template)
    {
        if (template is not null)
        {
            node.Add(key, new YamlScalarNode(template) { Style = ScalarStyle.Literal });
        }
    }

    private static YamlMappingNode PoolNode(ContentPool pool)
    {
        var node = new YamlMappingNode { { "name", pool.Name } };
        if (pool.Series.Count > 0)
        {
            node.Add("series", new YamlSequenceNode(pool.Series.Select(s => s.Title is { } title
                ? (YamlNode)new YamlScalarNode(title)
                : new YamlMappingNode { { "provider", s.Provider! }, { "id", Quoted(s.ExternalId!) } })));
        }

        if (pool.Seasons is { } seasons)
        {
            node.Add("seasons", Quoted(seasons.ToString()));
        }

        AddList(node, "titles", pool.Titles);
        if (pool.AllMovies)
        {
            node.Add("movies", "true");
        }

        AddList(node, "tags", pool.Tags);
        AddIf(node, "collection", pool.Collection);
        AddIf(node, "min_duration", pool.MinDuration is { } min ? DurationText.Format(min) : null);
        AddIf(node, "max_duration", pool.MaxDuration is { } max ? DurationText.Format(max) : null);
        AddList(node, "ratings", pool.Ratings);
        return node;
    }

    private static YamlMappingNode FillerNode(FillerSettings f)
    {
        var node = new YamlMappingNode();
        AddIf(node, "pre_roll", f.PreRollPool);
        AddIf(node, "post_roll", f.PostRollPool);
        AddIf(node, "pad", f.PadPool);
        AddIf(node, "mid_roll", f.MidRollPool);
        if (f.MidRollMaxBreak != FillerSettings.DefaultMidRollBreak)
        {
            node.Add("mid_roll_max_break", DurationText.Format(f.MidRollMaxBreak));
        }

        if (f.Cooldown > TimeSpan.Zero)
        {
            node.Add("cooldown", DurationText.Format(f.Cooldown));
        }

        if (f.MaxPerDay is { } cap)
        {
            node.Add("max_per_day", Number(cap));
        }

        if (f.SlateTitle != FillerSettings.DefaultSlateTitle)
        {
            node.Add("slate_title", f.SlateTitle);
        }

        return node;
    }

    private static YamlMappingNode LayerNode(DayLayer layer)
    {
        var node = new YamlMappingNode { { "name", layer.Name } };
        node.Add("days", DaysNode(layer.Days.Weekdays));
        if (layer.Days.Dates is { } dates)
        {
            node.Add("dates", Quoted(dates switch
            {
                FixedDateSpan f => $"{f.From:yyyy-MM-dd}..{f.To:yyyy-MM-dd}",
                AnnualDateSpan a => string.Create(CultureInfo.InvariantCulture, $"{a.FromMonth:00}-{a.FromDay:00}..{a.ToMonth:00}-{a.ToDay:00}"),
                _ => throw new InvalidOperationException($"Unknown date span {dates.GetType().Name}."),
            }));
        }

        node.Add("blocks", new YamlSequenceNode(layer.Blocks.Select(BlockNode)));
        return node;
    }

    private static YamlNode DaysNode(WeekdaySet days) => days switch
    {
        WeekdaySet.All => new YamlScalarNode("all"),
        WeekdaySet.Weekdays => new YamlScalarNode("weekdays"),
        WeekdaySet.Weekends => new YamlScalarNode("weekends"),
        _ => new YamlSequenceNode(Enum.GetValues<DayOfWeek>()
            .OrderBy(d => ((int)d + 6) % 7)
            .Where(d => days.Contains(d))
            .Select(d => new YamlScalarNode(d.ToString().ToLowerInvariant()))),
    };

    private static YamlMappingNode BlockNode(ScheduleBlock block)
    {
        var node = new YamlMappingNode
        {
            { "at", Quoted(block.Start.ToString("HH:mm", CultureInfo.InvariantCulture)) },
            { "kind", block.Kind.ToString().ToLowerInvariant() },
            { "pool", block.Pool },
            { "order", block.Order.ToString().ToLowerInvariant() },
        };
        if (block.Count is { } count)
        {
            node.Add("count", Number(count));
        }

        AddIf(node, "title", block.Title);
        return node;
    }

    private static void AddIf(YamlMappingNode node, string key, string? value)
    {
        if (value is not null)
        {
            node.Add(key, value);
        }
    }

    private static void AddList(YamlMappingNode node, string key, IReadOnlyList<string> values)
    {
        if (values.Count > 0)
        {
            node.Add(key, new YamlSequenceNode(values.Select(v => new YamlScalarNode(v))));
        }
    }

    private static YamlScalarNode Quoted(string value) => new(value) { Style = ScalarStyle.DoubleQuoted };

    private static YamlScalarNode Number(int value) => new(value.ToString(CultureInfo.InvariantCulture));
}
