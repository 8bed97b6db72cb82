using System.Globalization;
using RetroVue.App.Guide.Templates;
using RetroVue.Domain.Common;
using RetroVue.Domain.Scheduling;
using RetroVue.Domain.Scheduling.Collections;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace RetroVue.App.Scheduling.Yaml;

/// <summary>A channel document read from a file, with the lines its parts came from for later error messages.</summary>
public sealed record ParsedChannel(string File, int Line, ChannelDefinition Channel, ChannelSchedule Schedule, ScheduleLines Lines);

public sealed class ScheduleLines
{
    public int Number { get; init; }
    public int Id { get; init; }
    public Dictionary<string, int> Pools { get; } = new(StringComparer.Ordinal);

    /// <summary>The line of each pool's <c>collection</c> key.</summary>
    public Dictionary<string, int> PoolCollections { get; } = new(StringComparer.Ordinal);
    public Dictionary<ScheduleBlock, int> Blocks { get; } = new(ReferenceEqualityComparer.Instance);
    public Dictionary<DayLayer, int> Layers { get; } = new(ReferenceEqualityComparer.Instance);
    public int Filler { get; init; }

    public int PoolLine(string name, int fallback) => Pools.TryGetValue(name, out var line) ? line : fallback;
}

/// <summary>
/// Reads channel documents (one per YAML document; a file may hold several separated by '---') and checks
/// everything that needs no catalog: syntax, keys, types, the grid, time zones and overlapping blocks.
/// </summary>
public static class ScheduleYamlReader
{
    private static readonly Dictionary<string, WeekdaySet> DayNames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["all"] = WeekdaySet.All,
        ["weekdays"] = WeekdaySet.Weekdays,
        ["weekends"] = WeekdaySet.Weekends,
        ["monday"] = WeekdaySet.Monday,
        ["tuesday"] = WeekdaySet.Tuesday,
        ["wednesday"] = WeekdaySet.Wednesday,
        ["thursday"] = WeekdaySet.Thursday,
        ["friday"] = WeekdaySet.Friday,
        ["saturday"] = WeekdaySet.Saturday,
        ["sunday"] = WeekdaySet.Sunday,
    };

    public static (IReadOnlyList<ParsedChannel> Channels, IReadOnlyList<ScheduleError> Errors) Read(ScheduleSource source)
    {
        var errors = new ErrorSink(source.File);
        if (PrintableText.IndexOfRefused(source.Text, TextShape.MultiLine) is var refused and >= 0)
        {
            // The file is stored as written, so a control character anywhere (a comment too) is refused with its line.
            var line = source.Text.AsSpan(0, refused).Count('\n') + 1;
            var column = refused - (source.Text.LastIndexOf('\n', Math.Max(0, refused - 1)) + 1);
            errors.Add(line, PrintableText.Problem($"Line {line}", source.Text[(refused - column)..], column));
            return ([], errors.Errors);
        }

        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(source.Text));
        }
        catch (YamlException e)
        {
            errors.Add((int)e.Start.Line, $"YAML syntax error: {FirstSentence(e)}");
            return ([], errors.Errors);
        }

        var channels = new List<ParsedChannel>();
        foreach (var document in stream.Documents)
        {
            if (YamlMap.From(document.RootNode, "The document", errors) is { } root && ReadChannel(source.File, root, errors) is { } channel)
            {
                channels.Add(channel);
            }
        }

        if (stream.Documents.Count == 0)
        {
            errors.Add(1, "The file holds no channel document.");
        }

        return (channels, errors.Errors);
    }

    private static ParsedChannel? ReadChannel(string file, YamlMap root, ErrorSink errors)
    {
        var before = errors.Errors.Count;
        var channelMap = YamlMap.From(root.Value("channel"), "channel", errors);
        if (channelMap is null)
        {
            errors.Add(root.Line, "The document needs a 'channel' section.");
        }

        var lines = new ScheduleLines
        {
            Number = channelMap is null ? root.Line : LineOf(channelMap.Value("number"), channelMap.Line),
            Id = channelMap is null ? root.Line : LineOf(channelMap.Value("id"), channelMap.Line),
            Filler = LineOf(root.Value("filler"), root.Line),
        };
        var definition = channelMap is null ? null : ReadDefinition(channelMap, errors);
        var pools = ReadPools(root, lines, errors);
        var filler = ReadFiller(root, lines, errors);
        var layers = ReadLayers(root, definition?.GridMinutes ?? Channel.DefaultGridMinutes, lines, errors);
        root.RejectUnknownKeys();
        return definition is null || errors.Errors.Count > before
            ? null
            : new ParsedChannel(file, root.Line, definition, new ChannelSchedule(pools, layers, filler), lines);
    }

    private static ChannelDefinition? ReadDefinition(YamlMap map, ErrorSink errors)
    {
        var id = map.Text("id");
        if (id is not null && !ChannelStableId.IsValid(id))
        {
            errors.Add(map.Value("id")!, $"'{id}' is not a valid channel id: use letters, digits and dashes in at least two dot-separated parts, e.g. 'C2.classic.retrovue'.");
        }

        var numberText = map.Text("number", required: true);
        ChannelNumber? number = null;
        if (numberText is not null)
        {
            if (ChannelNumber.TryParse(numberText, out var parsed))
            {
                number = parsed;
            }
            else
            {
                errors.Add(map.Value("number")!, $"'{numberText}' is not a valid channel number: use 1 to 99999, optionally with a sub-channel such as \"2.1\".");
            }
        }

        var name = map.Text("name", required: true);
        if (name is not null && name.IndexOfAny([',', '"']) >= 0)
        {
            errors.Add(map.Value("name")!, $"Channel name '{name}' may not contain commas or double quotes (IPTV players split on them).");
        }

        var zone = map.Text("time_zone", required: true);
        if (zone is not null)
        {
            try
            {
                ChannelTimeZone.Find(zone);
            }
            catch (DomainException e)
            {
                errors.Add(map.Value("time_zone")!, e.Message);
                zone = null;
            }
        }

        var grid = map.Int("grid_minutes") ?? Channel.DefaultGridMinutes;
        if (!Channel.IsValidGrid(grid))
        {
            errors.Add(map.Value("grid_minutes")!, $"A grid of {grid} minutes does not divide a day evenly: use 5, 10, 15, 20, 30, 60... minutes.");
            grid = Channel.DefaultGridMinutes;
        }

        var dayStart = map.Time("broadcast_day_start") ?? Channel.DefaultBroadcastDayStart;
        if (!Channel.IsOnGrid(dayStart, grid))
        {
            errors.Add(map.Value("broadcast_day_start")!, $"The broadcast day start {dayStart:HH:mm} is off the {grid}-minute grid.");
        }

        var profile = ReadProfile(YamlMap.From(map.Value("streaming"), "channel.streaming", errors), errors);
        var group = map.Text("group");
        var logo = map.Text("logo")?.Trim();
        if (logo is { Length: > 0 } && ChannelLogo.Problem(logo) is { } logoProblem)
        {
            errors.Add(map.Value("logo")!, logoProblem);
        }

        var enabled = map.Bool("enabled") ?? true;
        var guide = ReadGuide(YamlMap.From(map.Value("guide"), "channel.guide", errors), errors);
        var definition = number is { } n && name is not null && zone is not null
            ? new ChannelDefinition
            {
                StableId = id,
                Number = n,
                Name = name,
                Group = group,
                LogoUrl = logo,
                TimeZoneId = zone,
                BroadcastDayStart = dayStart,
                GridMinutes = grid,
                Profile = profile ?? StreamingProfile.Default,
                Enabled = enabled,
                Guide = guide,
            }
            : null;
        map.RejectUnknownKeys();
        return definition;
    }

    /// <summary>
    /// channel.guide: the XMLTV title, sub-title and description templates. Each is checked before anything compiles
    /// it; a problem is reported at its line in the file (a template's first line is the one after '|').
    /// </summary>
    private static GuideTemplates ReadGuide(YamlMap? map, ErrorSink errors)
    {
        if (map is null)
        {
            return GuideTemplates.None;
        }

        var templates = new GuideTemplates(
            ReadTemplate(map, GuideTemplateCheck.TitleKey, errors),
            ReadTemplate(map, GuideTemplateCheck.SubTitleKey, errors),
            ReadTemplate(map, GuideTemplateCheck.DescriptionKey, errors));
        map.RejectUnknownKeys();
        return templates;
    }

    private static string? ReadTemplate(YamlMap map, string key, ErrorSink errors)
    {
        var node = map.Value(key);
        if (node is null)
        {
            return null;
        }

        if (node is not YamlScalarNode { Value: { } text } scalar || string.IsNullOrWhiteSpace(text))
        {
            errors.Add(node, $"channel.guide.{key} must be a template text; leave the key out for RetroVue's own {GuideTemplateCheck.Describe(key)}.");
            return null;
        }

        if (GuideTemplateCheck.Problem(text) is { } problem)
        {
            var firstLine = (int)scalar.Start.Line + (scalar.Style is ScalarStyle.Literal or ScalarStyle.Folded ? 1 : 0);
            errors.Add(firstLine + problem.Line - 1, $"channel.guide.{key}, line {problem.Line} of the template: {problem.Message}");
            return null;
        }

        return text;
    }

    private static StreamingProfile? ReadProfile(YamlMap? map, ErrorSink errors)
    {
        if (map is null)
        {
            return null;
        }

        var d = StreamingProfile.Default;
        var transcodeText = map.Text("transcode") ?? "auto";
        TranscodeMode? transcode = transcodeText switch { "auto" => TranscodeMode.Auto, "always" => TranscodeMode.Always, _ => null };
        if (transcode is null)
        {
            errors.Add(map.Value("transcode")!, $"channel.streaming.transcode must be 'auto' or 'always'; got '{transcodeText}'.");
        }

        var width = map.Int("width") ?? d.Width;
        var height = map.Int("height") ?? d.Height;
        var frameRate = map.Double("frame_rate") ?? d.FrameRate;
        var video = map.Int("video_bitrate_kbps") ?? d.VideoBitRateKbps;
        var audio = map.Int("audio_bitrate_kbps") ?? d.AudioBitRateKbps;
        map.RejectUnknownKeys();
        try
        {
            return new StreamingProfile(width, height, frameRate, video, audio, transcode ?? TranscodeMode.Auto);
        }
        catch (DomainException e)
        {
            errors.Add(map.Line, e.Message);
            return null;
        }
    }

    private static List<ContentPool> ReadPools(YamlMap root, ScheduleLines lines, ErrorSink errors)
    {
        var pools = new List<ContentPool>();
        foreach (var node in root.List("pools"))
        {
            if (YamlMap.From(node, "A pool", errors) is not { } map)
            {
                continue;
            }

            var name = map.Text("name", required: true);
            if (name is not null && !lines.Pools.TryAdd(name, map.Line))
            {
                errors.Add(map.Line, $"Pool '{name}' is defined twice (first on line {lines.Pools[name]}).");
            }

            var where = $"pool '{name}'";
            var series = new List<SeriesRef>();
            foreach (var item in map.List("series"))
            {
                if (item is YamlScalarNode { Value: { } title } && !string.IsNullOrWhiteSpace(title))
                {
                    series.Add(SeriesRef.ByTitle(title.Trim()));
                }
                else if (YamlMap.From(item, $"A series in {where}", errors) is { } seriesMap)
                {
                    var provider = seriesMap.Text("provider", required: true);
                    var id = seriesMap.Text("id", required: true);
                    seriesMap.RejectUnknownKeys();
                    if (provider is not null && id is not null)
                    {
                        series.Add(SeriesRef.ByProviderId(provider, id));
                    }
                }
            }

            var pool = new ContentPool
            {
                Name = name ?? string.Empty,
                Series = series,
                Seasons = ReadSeasons(map, where, errors),
                Titles = map.TextList("titles"),
                AllMovies = map.Bool("movies") ?? false,
                Tags = map.TextList("tags"),
                Collection = ReadCollection(map, name, lines, errors),
                MinDuration = map.Duration("min_duration"),
                MaxDuration = map.Duration("max_duration"),
                Ratings = map.TextList("ratings"),
            };
            map.RejectUnknownKeys();
            if (pool.Series.Count == 0 && pool.Titles.Count == 0 && !pool.AllMovies && pool.Tags.Count == 0 && pool.Collection is null && map.Value("collection") is null)
            {
                errors.Add(map.Line, $"Pool '{name}' takes nothing: give it series, titles, tags, a collection or 'movies: true'.");
            }

            if (pool.MinDuration > pool.MaxDuration)
            {
                errors.Add(map.Line, $"Pool '{name}' has min_duration above max_duration, so nothing can match.");
            }

            pools.Add(pool);
        }

        return pools;
    }

    /// <summary>The saved collection a pool takes (<c>collection: 80s-comedy</c>); whether it exists is checked against the database later.</summary>
    private static string? ReadCollection(YamlMap map, string? pool, ScheduleLines lines, ErrorSink errors)
    {
        var node = map.Value("collection");
        if (node is null)
        {
            return null;
        }

        if (pool is not null)
        {
            lines.PoolCollections[pool] = ErrorSink.LineOf(node);
        }

        var text = map.Text("collection");
        try
        {
            return CollectionName.Parse(text);
        }
        catch (DomainException e)
        {
            errors.Add(node, $"Pool '{pool}': {e.Message}");
            return null;
        }
    }

    private static SeasonRange? ReadSeasons(YamlMap map, string where, ErrorSink errors)
    {
        if (map.Text("seasons") is not { } text)
        {
            return null;
        }

        var parts = text.Split('-', StringSplitOptions.TrimEntries);
        if (parts.Length is 1 or 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var from)
            && int.TryParse(parts[^1], NumberStyles.None, CultureInfo.InvariantCulture, out var to)
            && from <= to)
        {
            return new SeasonRange(from, to);
        }

        errors.Add(map.Value("seasons")!, $"{where}.seasons must be a season or a range such as \"1-3\"; got '{text}'.");
        return null;
    }

    private static FillerSettings ReadFiller(YamlMap root, ScheduleLines lines, ErrorSink errors)
    {
        if (YamlMap.From(root.Value("filler"), "filler", errors) is not { } map)
        {
            return FillerSettings.None;
        }

        string? PoolRef(string key)
        {
            var name = map.Text(key);
            if (name is not null && !lines.Pools.ContainsKey(name))
            {
                errors.Add(map.Value(key)!, $"filler.{key} names pool '{name}', which is not defined.");
            }

            return name;
        }

        var maxPerDay = map.Int("max_per_day");
        if (maxPerDay is < 1)
        {
            errors.Add(map.Value("max_per_day")!, "filler.max_per_day must be at least 1 (leave it out for no cap).");
        }

        var filler = new FillerSettings
        {
            PreRollPool = PoolRef("pre_roll"),
            PostRollPool = PoolRef("post_roll"),
            PadPool = PoolRef("pad"),
            MidRollPool = PoolRef("mid_roll"),
            MidRollMaxBreak = map.Duration("mid_roll_max_break") ?? FillerSettings.DefaultMidRollBreak,
            Cooldown = map.Duration("cooldown") ?? TimeSpan.Zero,
            MaxPerDay = maxPerDay,
            SlateTitle = map.Text("slate_title") ?? FillerSettings.DefaultSlateTitle,
        };
        map.RejectUnknownKeys();
        return filler;
    }

    private static List<DayLayer> ReadLayers(YamlMap root, int grid, ScheduleLines lines, ErrorSink errors)
    {
        var layers = new List<DayLayer>();
        var nodes = root.List("layers");
        if (nodes.Count == 0)
        {
            errors.Add(root.Line, "The document needs 'layers' with at least one layer of blocks.");
        }

        foreach (var node in nodes)
        {
            if (YamlMap.From(node, "A layer", errors) is not { } map)
            {
                continue;
            }

            var name = map.Text("name") ?? $"layer on line {map.Line}";
            var days = ReadDays(map, name, errors);
            var blocks = new List<ScheduleBlock>();
            var starts = new Dictionary<TimeOnly, int>();
            foreach (var blockNode in map.List("blocks"))
            {
                if (YamlMap.From(blockNode, $"A block in layer '{name}'", errors) is { } blockMap && ReadBlock(blockMap, name, grid, lines, errors) is { } block)
                {
                    if (!starts.TryAdd(block.Start, blockMap.Line))
                    {
                        errors.Add(blockMap.Line, $"Overlapping blocks in layer '{name}': another block already starts at {block.Start:HH:mm} (line {starts[block.Start]}).");
                        continue;
                    }

                    lines.Blocks[block] = blockMap.Line;
                    blocks.Add(block);
                }
            }

            map.RejectUnknownKeys();
            var layer = new DayLayer(name, days, blocks);
            lines.Layers[layer] = map.Line;
            CheckLayerOverlap(layer, layers, lines, errors);
            layers.Add(layer);
        }

        return layers;
    }

    private static DaySelector ReadDays(YamlMap map, string layer, ErrorSink errors)
    {
        var weekdays = WeekdaySet.All;
        var daysNode = map.Value("days");
        var names = daysNode switch
        {
            null => [],
            YamlScalarNode { Value: { } one } => [one],
            _ => map.TextList("days"),
        };
        if (names.Count > 0)
        {
            weekdays = WeekdaySet.None;
            foreach (var dayName in names)
            {
                if (DayNames.TryGetValue(dayName.Trim(), out var set))
                {
                    weekdays |= set;
                }
                else
                {
                    errors.Add(daysNode!, $"Layer '{layer}': '{dayName}' is not a day; use all, weekdays, weekends or day names such as monday.");
                }
            }
        }

        DateSpan? dates = null;
        if (map.Text("dates") is { } text)
        {
            dates = ParseDates(text);
            if (dates is null)
            {
                errors.Add(map.Value("dates")!, $"Layer '{layer}': dates must be \"MM-DD..MM-DD\" (every year) or \"YYYY-MM-DD..YYYY-MM-DD\"; got '{text}'.");
            }
        }

        return new DaySelector(weekdays == WeekdaySet.None ? WeekdaySet.All : weekdays, dates);
    }

    private static DateSpan? ParseDates(string text)
    {
        var parts = text.Split("..", StringSplitOptions.TrimEntries);
        if (parts.Length != 2)
        {
            return null;
        }

        string[] fixedFormat = ["yyyy-MM-dd"];
        if (DateOnly.TryParseExact(parts[0], fixedFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var from)
            && DateOnly.TryParseExact(parts[1], fixedFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var to))
        {
            return from <= to ? new FixedDateSpan(from, to) : null;
        }

        // Yearly spans are checked against a leap year so that 02-29 is accepted.
        string[] annualFormat = ["yyyy-MM-dd"];
        return DateOnly.TryParseExact("2000-" + parts[0], annualFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var af)
            && DateOnly.TryParseExact("2000-" + parts[1], annualFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var at)
            ? new AnnualDateSpan(af.Month, af.Day, at.Month, at.Day)
            : null;
    }

    private static ScheduleBlock? ReadBlock(YamlMap map, string layer, int grid, ScheduleLines lines, ErrorSink errors)
    {
        var where = $"Block in layer '{layer}'";
        var at = map.Time("at");
        if (map.Value("at") is null)
        {
            errors.Add(map.Line, $"{where} needs 'at', its local start time, e.g. \"06:00\".");
        }
        else if (at is { } time && !Channel.IsOnGrid(time, grid))
        {
            errors.Add(map.Value("at")!, $"{where} starts at {time:HH:mm}, which is off the {grid}-minute grid.");
            at = null;
        }

        var kindText = map.Text("kind", required: true);
        BlockKind? kind = kindText switch
        {
            "episodes" => BlockKind.Episodes,
            "movie" => BlockKind.Movie,
            "marathon" => BlockKind.Marathon,
            "fill" => BlockKind.Fill,
            null => null,
            _ => Fail<BlockKind>(errors, map.Value("kind")!, $"{where}: kind '{kindText}' is unknown; use episodes, movie, marathon or fill."),
        };
        var orderText = map.Text("order");
        PlayOrder? order = orderText switch
        {
            null => kind == BlockKind.Episodes ? PlayOrder.Sequential : PlayOrder.Shuffle,
            "sequential" => PlayOrder.Sequential,
            "shuffle" => PlayOrder.Shuffle,
            "random" => PlayOrder.Random,
            _ => Fail<PlayOrder>(errors, map.Value("order")!, $"{where}: order '{orderText}' is unknown; use sequential, shuffle or random."),
        };
        var pool = map.Text("pool", required: true);
        if (pool is not null && !lines.Pools.ContainsKey(pool))
        {
            errors.Add(map.Value("pool")!, $"{where} uses pool '{pool}', which is not defined.");
        }

        var count = map.Int("count");
        if (count is not null && (kind != BlockKind.Episodes || count < 1))
        {
            errors.Add(map.Value("count")!, $"{where}: count must be 1 or more and only applies to episode blocks.");
        }

        var title = map.Text("title");
        map.RejectUnknownKeys();
        return at is { } start && kind is { } k && order is { } o && pool is not null
            ? new ScheduleBlock { Start = start, Kind = k, Pool = pool, Order = o, Count = count, Title = title }
            : null;
    }

    private static void CheckLayerOverlap(DayLayer layer, List<DayLayer> earlier, ScheduleLines lines, ErrorSink errors)
    {
        foreach (var other in earlier)
        {
            if (other.Days.Specificity == layer.Days.Specificity && SomeDayMatchesBoth(layer.Days, other.Days))
            {
                errors.Add(lines.Layers.GetValueOrDefault(layer), $"Layers '{other.Name}' (line {lines.Layers[other]}) and '{layer.Name}' are equally specific and both apply to some days; make one narrower (fewer weekdays or a date range).");
            }
        }
    }

    private static bool SomeDayMatchesBoth(DaySelector a, DaySelector b)
    {
        // Spans repeat yearly at most, so two years (one a leap year) cover every combination of date and weekday.
        for (var date = new DateOnly(2027, 1, 1); date < new DateOnly(2029, 1, 1); date = date.AddDays(1))
        {
            if (a.AppliesTo(date) && b.AppliesTo(date))
            {
                return true;
            }
        }

        return a.Dates is FixedDateSpan fa && b.Dates is FixedDateSpan fb && fa.From <= fb.To && fb.From <= fa.To && (a.Weekdays & b.Weekdays) != 0;
    }

    private static T? Fail<T>(ErrorSink errors, YamlNode node, string message)
        where T : struct
    {
        errors.Add(node, message);
        return null;
    }

    private static int LineOf(YamlNode? node, int fallback) => node is null ? fallback : ErrorSink.LineOf(node);

    private static string FirstSentence(YamlException e)
    {
        var message = e.InnerException?.Message ?? e.Message;
        var index = message.IndexOf("): ", StringComparison.Ordinal);
        return (index >= 0 ? message[(index + 3)..] : message).Trim();
    }
}
