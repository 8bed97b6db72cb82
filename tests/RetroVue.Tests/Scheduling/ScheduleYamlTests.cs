using System.Text.RegularExpressions;
using RetroVue.App.Scheduling;
using RetroVue.App.Scheduling.Yaml;
using RetroVue.Domain.Library;
using RetroVue.Domain.Scheduling;
using RetroVue.Tests.Support;
using static RetroVue.Tests.Scheduling.Schedules;

namespace RetroVue.Tests.Scheduling;

public sealed partial class ScheduleYamlTests
{
    private const string Minimal = """
        channel:
          number: "5"
          name: Five
          time_zone: Europe/London
        pools:
          - name: taxi
            series: [Taxi]
          - name: movies
            movies: true
        layers:
          - name: daily
            days: all
            blocks:
              - at: "06:00"
                kind: episodes
                pool: taxi
              - at: "20:00"
                kind: movie
                pool: movies
        """;

    private static ScheduleLoader Loader() => new(new SnapshotCatalogLookup(Catalog().Snapshot()));

    private static CatalogBuilder Catalog()
    {
        var catalog = new CatalogBuilder().Show("Taxi", 3, 10, Min(24)).Interstitials("Commercials", TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(60)).Interstitials("Bumpers", TimeSpan.FromSeconds(5));
        catalog.Movie("Long Movie", Min(140), "PG");
        catalog.Movie("Short Movie", Min(95), "G", "christmas");
        catalog.Movie("It's a Wonderful Life", Min(130), "PG");
        catalog.Movie("Miracle on 34th Street", Min(96), "G");
        return catalog;
    }

    private static string DocsExample()
    {
        var markdown = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "docs", "schedules.md"));
        return YamlBlock().Match(markdown).Groups[1].Value;
    }

    private static ScheduleError SingleError(string yaml, string file = "classic.yaml", ScheduleLoader? loader = null)
    {
        var result = (loader ?? Loader()).Load([new ScheduleSource(file, yaml)]);
        Assert.False(result.IsValid);
        Assert.Empty(result.Channels);
        return Assert.Single(result.Errors);
    }

    private static CatalogSnapshot DocsCatalog()
    {
        var catalog = Catalog();
        var withTvdb = catalog.Items.Where(i => i.TitleName == "Taxi").Select(i => i with { ExternalIds = [new ExternalId("tvdb", "77530")] });
        return new CatalogSnapshot(withTvdb.Concat(catalog.Items.Where(i => i.TitleName != "Taxi")));
    }

    [Fact]
    public void The_documented_example_is_valid_and_builds_a_gapless_week()
    {
        var snapshot = DocsCatalog();

        var result = new ScheduleLoader(new SnapshotCatalogLookup(snapshot)).Load([new ScheduleSource("docs/schedules.md", DocsExample())]);

        Assert.True(result.IsValid, string.Join('\n', result.Errors));
        var parsed = Assert.Single(result.Channels);
        Assert.Equal("C2.classic.retrovue", parsed.Channel.StableId);
        Assert.Equal(3, parsed.Schedule.Layers.Count);
        Assert.Equal(new AnnualDateSpan(12, 20, 12, 26), parsed.Schedule.Layers[2].Days.Dates);
        var channel = parsed.Channel.CreateChannel(Guid.NewGuid());
        var build = new ScheduleEngine(channel, parsed.Schedule, snapshot).Build(Utc(2025, 12, 18), Utc(2025, 12, 25));
        AssertGapless(build.Entries);
        Assert.Contains(build.Entries, e => e.Programme.Title == "It's a Wonderful Life" || e.Programme.Title == "Miracle on 34th Street");
    }

    [Fact]
    public void Exporting_and_reading_back_gives_the_same_model()
    {
        var original = Assert.Single(new ScheduleLoader(new SnapshotCatalogLookup(DocsCatalog())).Load([new ScheduleSource("a.yaml", DocsExample())]).Channels);

        var exported = ScheduleYamlWriter.Write(original.Channel, original.Schedule);
        Assert.StartsWith("channel:\n  id: C2.classic.retrovue\n  number: \"2\"\n", exported, StringComparison.Ordinal);
        Assert.Contains("\n  - at: \"06:00\"\n    kind: episodes\n", exported, StringComparison.Ordinal);
        Assert.DoesNotContain("\n...", exported, StringComparison.Ordinal);
        var (read, errors) = ScheduleYamlReader.Read(new ScheduleSource("exported.yaml", exported));

        Assert.Empty(errors);
        var again = Assert.Single(read);
        Assert.Equal(original.Channel, again.Channel);
        Assert.Equal(original.Schedule.Filler, again.Schedule.Filler);
        Assert.Equal(original.Schedule.Layers.Select(l => (l.Name, l.Days)), again.Schedule.Layers.Select(l => (l.Name, l.Days)));
        Assert.Equal(original.Schedule.Layers.SelectMany(l => l.Blocks), again.Schedule.Layers.SelectMany(l => l.Blocks));
        Assert.Equal(original.Schedule.Pools.Select(p => (p.Name, p.AllMovies, p.Seasons, p.MaxDuration, string.Join('|', p.Series), string.Join('|', p.Ratings), string.Join('|', p.Titles))),
            again.Schedule.Pools.Select(p => (p.Name, p.AllMovies, p.Seasons, p.MaxDuration, string.Join('|', p.Series), string.Join('|', p.Ratings), string.Join('|', p.Titles))));
        Assert.Equal(exported, ScheduleYamlWriter.Write(again.Channel, again.Schedule));
    }

    [Fact]
    public void A_channel_with_specific_weekdays_a_fixed_date_range_and_a_provider_series_survives_a_round_trip()
    {
        var definition = new ChannelDefinition { StableId = "C7.x.retrovue", Number = ChannelNumber.Parse("7.2"), Name = "Seven", TimeZoneId = "Australia/Sydney", GridMinutes = 15, Enabled = false };
        var schedule = new ChannelSchedule(
            [new ContentPool { Name = "p", Series = [SeriesRef.ByProviderId("tvdb", "123")], MinDuration = TimeSpan.FromSeconds(90), Tags = ["drama"] }],
            [new DayLayer("tue-thu", new DaySelector(WeekdaySet.Tuesday | WeekdaySet.Thursday, new FixedDateSpan(new DateOnly(2025, 12, 24), new DateOnly(2026, 1, 2))), [Block("23:45", BlockKind.Fill, "p", PlayOrder.Random)])],
            new FillerSettings { SlateTitle = "Back soon", Cooldown = TimeSpan.FromMinutes(90) });

        var (read, errors) = ScheduleYamlReader.Read(new ScheduleSource("x.yaml", ScheduleYamlWriter.Write(definition, schedule)));

        Assert.Empty(errors);
        var again = Assert.Single(read);
        Assert.Equal(definition, again.Channel);
        Assert.Equal(schedule.Layers[0].Days, again.Schedule.Layers[0].Days);
        Assert.Equal(schedule.Layers[0].Blocks, again.Schedule.Layers[0].Blocks);
        Assert.Equal(schedule.Filler, again.Schedule.Filler);
        Assert.Equal("tvdb:123", again.Schedule.Pools[0].Series[0].ToString());
        Assert.Equal(TimeSpan.FromSeconds(90), again.Schedule.Pools[0].MinDuration);
    }

    [Fact]
    public void A_yaml_syntax_error_names_the_file_and_line()
    {
        var error = SingleError("channel:\n  number: \"5\"\n  name: [unclosed\n");

        Assert.Equal("classic.yaml", error.File);
        Assert.Equal(4, error.Line);
        Assert.StartsWith("YAML syntax error", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_time_zone_is_reported_on_its_line()
    {
        var error = SingleError(Minimal.Replace("Europe/London", "Europe/Atlantis", StringComparison.Ordinal));

        Assert.Equal(4, error.Line);
        Assert.Contains("'Europe/Atlantis' is not a known time zone", error.Message, StringComparison.Ordinal);
        Assert.StartsWith("classic.yaml:4: ", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void An_off_grid_block_time_is_reported_on_its_line()
    {
        var error = SingleError(Minimal.Replace("at: \"20:00\"", "at: \"20:10\"", StringComparison.Ordinal));

        Assert.Equal(17, error.Line);
        Assert.Contains("20:10, which is off the 30-minute grid", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_blocks_starting_at_the_same_time_are_reported_as_overlapping()
    {
        var error = SingleError(Minimal.Replace("at: \"20:00\"", "at: \"06:00\"", StringComparison.Ordinal));

        Assert.Equal(17, error.Line);
        Assert.Contains("Overlapping blocks in layer 'daily'", error.Message, StringComparison.Ordinal);
        Assert.Contains("(line 14)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_series_is_reported_on_its_pool()
    {
        var result = Loader().Load([new ScheduleSource("classic.yaml", Minimal.Replace("[Taxi]", "[Taxxi]", StringComparison.Ordinal))]);

        Assert.Empty(result.Channels);
        Assert.Contains(result.Errors, e => e.Line == 6 && e.Message.Contains("series 'Taxxi' is not in the catalog", StringComparison.Ordinal));
    }

    [Fact]
    public void A_pool_that_matches_nothing_playable_is_reported()
    {
        var yaml = Minimal.Replace("    movies: true", "    movies: true\n    ratings: [NC-17]", StringComparison.Ordinal);

        var error = SingleError(yaml);

        Assert.Equal(8, error.Line);
        Assert.Contains("Pool 'movies' matches nothing playable", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_pool_whose_items_are_all_longer_than_the_block_is_reported_on_the_block()
    {
        var yaml = Minimal + "\n      - at: \"21:00\"\n        kind: fill\n        pool: taxi\n";

        var error = SingleError(yaml);

        Assert.Equal(17, error.Line);
        Assert.Contains("Every item in pool 'movies' is longer than the 1h block at 20:00", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_zero_length_asset_in_a_pool_is_reported_by_name()
    {
        var catalog = Catalog();
        catalog.Episode("Taxi", 4, 1, TimeSpan.Zero);

        var error = SingleError(Minimal, loader: new ScheduleLoader(new SnapshotCatalogLookup(catalog.Snapshot())));

        Assert.Equal(6, error.Line);
        Assert.Contains("'Taxi S04E01'", error.Message, StringComparison.Ordinal);
        Assert.Contains("zero length", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_channel_number_used_twice_across_files_is_reported_on_the_second()
    {
        var result = Loader().Load([new ScheduleSource("a.yaml", Minimal), new ScheduleSource("b.yaml", Minimal.Replace("name: Five", "name: Cinq", StringComparison.Ordinal))]);

        Assert.Empty(result.Channels);
        var error = Assert.Single(result.Errors);
        Assert.Equal(("b.yaml", 2), (error.File, error.Line));
        Assert.Contains("Channel number 5 is already used by 'Five' (a.yaml:2)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_keys_undefined_pools_and_bad_values_are_all_reported_at_once()
    {
        var yaml = Minimal
            .Replace("  name: Five", "  name: Five\n  colour: blue", StringComparison.Ordinal)
            .Replace("pool: movies", "pool: films", StringComparison.Ordinal)
            .Replace("kind: episodes", "kind: episodes\n        order: alphabetical", StringComparison.Ordinal);

        var result = Loader().Load([new ScheduleSource("classic.yaml", yaml)]);

        Assert.Empty(result.Channels);
        Assert.Contains(result.Errors, e => e.Line == 4 && e.Message.Contains("unknown key 'colour'", StringComparison.Ordinal));
        Assert.Contains(result.Errors, e => e.Line == 17 && e.Message.Contains("order 'alphabetical' is unknown", StringComparison.Ordinal));
        Assert.Contains(result.Errors, e => e.Line == 21 && e.Message.Contains("pool 'films', which is not defined", StringComparison.Ordinal));
    }

    [Fact]
    public void Two_equally_specific_layers_covering_the_same_days_are_refused()
    {
        var yaml = Minimal + "\n  - name: again\n    days: all\n    blocks:\n      - at: \"06:00\"\n        kind: fill\n        pool: taxi\n";

        var error = SingleError(yaml);

        Assert.Equal(20, error.Line);
        Assert.Contains("Layers 'daily' (line 11) and 'again' are equally specific", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void One_bad_file_in_a_set_means_no_channel_of_the_set_is_returned()
    {
        var result = Loader().Load([new ScheduleSource("good.yaml", Minimal), new ScheduleSource("bad.yaml", "channel: [")]);

        Assert.False(result.IsValid);
        Assert.Empty(result.Channels);
        Assert.All(result.Errors, e => Assert.Equal("bad.yaml", e.File));
    }

    [Theory]
    [InlineData("90m", 90 * 60)]
    [InlineData("1h30m", 90 * 60)]
    [InlineData("45s", 45)]
    [InlineData("01:30:00", 90 * 60)]
    [InlineData("2h", 7200)]
    public void Durations_read_the_way_people_write_them(string text, int seconds)
    {
        Assert.True(DurationText.TryParse(text, out var duration));
        Assert.Equal(TimeSpan.FromSeconds(seconds), duration);
        Assert.True(DurationText.TryParse(DurationText.Format(duration), out var again));
        Assert.Equal(duration, again);
    }

    [Fact]
    public void A_definition_creates_a_channel_with_a_minted_id_when_the_file_has_none()
    {
        var parsed = Assert.Single(Loader().Load([new ScheduleSource("a.yaml", Minimal)]).Channels);

        var channel = parsed.Channel.CreateChannel(Guid.Parse("12345678-0000-0000-0000-000000000000"));

        Assert.Equal("C5.12345678.retrovue", channel.StableId);
        Assert.Equal("Europe/London", channel.TimeZoneId);
        Assert.Equal(TitleKind.Movie, Catalog().Items.First(i => i.TitleName == "Long Movie").TitleKind);
    }

    [GeneratedRegex("```yaml\\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex YamlBlock();
}
