namespace RetroVue.Adapters.Demo;

/// <summary>The synthetic picture a demo clip shows; each maps to one of ffmpeg's lavfi sources.</summary>
public enum DemoPicture
{
    TestPattern,
    ColorBars,
    Fractal,
}

/// <summary>
/// One file of the demo library. <paramref name="FrameRate"/> is an ffmpeg rate ("25", "30000/1001");
/// chapters split the clip into <paramref name="Chapters"/> equal acts (0 = no chapters).
/// </summary>
public sealed record DemoClip(
    string RelativePath,
    string Caption,
    DemoPicture Picture,
    int Width,
    int Height,
    string FrameRate,
    int AudioChannels,
    int ToneHz,
    TimeSpan Length,
    int Chapters);

/// <summary>A poster of the demo library: a plain colour card with the caption, where media servers look for one.</summary>
public sealed record DemoPoster(string RelativePath, string Caption, string Color);

/// <summary>
/// What the demo library holds, laid out the way Plex and Jellyfin name things
/// (Shows/Show/Season 01/Show - S01E01 - Title.ext, Movies/Movie (Year)/Movie (Year).ext), so a
/// filename parser sees the cases it must handle: two seasons, a Specials folder, 16:9 and 4:3,
/// 25 and 29.97 fps, stereo and mono, mp4 and mkv, chapters and none, a movie in a folder and one loose.
/// </summary>
public static class DemoLibraryPlan
{
    public const string ShowsFolder = "Shows";
    public const string MoviesFolder = "Movies";

    public static IReadOnlyList<DemoClip> Clips { get; } = Build();

    /// <summary>One per show and movie, named the way the filesystem importer finds artwork, so the guide has icons.</summary>
    public static IReadOnlyList<DemoPoster> Posters { get; } =
    [
        new(Path.Combine(ShowsFolder, "Test Pattern Theater", "poster.jpg"), "Test Pattern Theater", "navy"),
        new(Path.Combine(ShowsFolder, "The Sine Wave Show", "poster.jpg"), "The Sine Wave Show", "darkgreen"),
        new(Path.Combine(MoviesFolder, "Mandelbrot Journey (1986)", "poster.jpg"), "Mandelbrot Journey", "purple"),
        new(Path.Combine(MoviesFolder, "Color Bars Forever (1979).jpg"), "Color Bars Forever", "maroon"),
    ];

    /// <summary>Every file the library holds, clips and posters.</summary>
    public static IEnumerable<string> Files => Clips.Select(c => c.RelativePath).Concat(Posters.Select(p => p.RelativePath));

    private static List<DemoClip> Build()
    {
        const string theater = "Test Pattern Theater";
        const string sine = "The Sine Wave Show";
        string[][] theaterTitles =
        [
            ["Pilot Pattern", "Gradient Blues", "The Moving Box"],
            ["Return of the Bars", "Checkerboard Nights", "Finale in Cyan"],
        ];
        string[] sineTitles = ["Middle A", "An Octave Up", "Low Hum", "Beat Frequency"];

        var clips = new List<DemoClip>();
        for (var season = 1; season <= theaterTitles.Length; season++)
        {
            for (var episode = 1; episode <= theaterTitles[season - 1].Length; episode++)
            {
                var secondSeason = season == 2;
                clips.Add(Episode(
                    theater, season, episode, theaterTitles[season - 1][episode - 1],
                    secondSeason ? "mkv" : "mp4", DemoPicture.TestPattern, 640, 360,
                    secondSeason ? "30000/1001" : "25", channels: 2, toneHz: 330 + (110 * episode),
                    seconds: 24 + (2 * episode), chapters: episode == 3 ? 0 : 3));
            }
        }

        clips.Add(new DemoClip(
            Path.Combine(ShowsFolder, theater, "Specials", $"{theater} - S00E01 - Holiday Test Card.mkv"),
            $"{theater} - Holiday Test Card", DemoPicture.ColorBars, 480, 360, "25", 1, 523, TimeSpan.FromSeconds(20), 0));

        for (var episode = 1; episode <= sineTitles.Length; episode++)
        {
            clips.Add(Episode(
                sine, 1, episode, sineTitles[episode - 1], "mkv", DemoPicture.ColorBars, 480, 360, "30000/1001",
                channels: 1, toneHz: 220 * episode, seconds: 20 + (3 * episode), chapters: episode % 2 == 0 ? 2 : 0));
        }

        clips.Add(Movie("Mandelbrot Journey", 1986, inOwnFolder: true, "mp4", DemoPicture.Fractal, 384, 216, "25", 2, 196, 40, 4));
        clips.Add(Movie("Color Bars Forever", 1979, inOwnFolder: false, "mkv", DemoPicture.ColorBars, 640, 480, "30000/1001", 2, 1000, 60, 0));
        return clips;
    }

    private static DemoClip Episode(
        string show, int season, int episode, string title, string extension, DemoPicture picture, int width, int height,
        string frameRate, int channels, int toneHz, int seconds, int chapters)
    {
        var code = $"S{season:00}E{episode:00}";
        var file = $"{show} - {code} - {title}.{extension}";
        return new DemoClip(
            Path.Combine(ShowsFolder, show, $"Season {season:00}", file), $"{show} {code} - {title}",
            picture, width, height, frameRate, channels, toneHz, TimeSpan.FromSeconds(seconds), chapters);
    }

    private static DemoClip Movie(
        string name, int year, bool inOwnFolder, string extension, DemoPicture picture, int width, int height,
        string frameRate, int channels, int toneHz, int seconds, int chapters)
    {
        var stem = $"{name} ({year})";
        var relative = inOwnFolder
            ? Path.Combine(MoviesFolder, stem, $"{stem}.{extension}")
            : Path.Combine(MoviesFolder, $"{stem}.{extension}");
        return new DemoClip(relative, stem, picture, width, height, frameRate, channels, toneHz, TimeSpan.FromSeconds(seconds), chapters);
    }
}
