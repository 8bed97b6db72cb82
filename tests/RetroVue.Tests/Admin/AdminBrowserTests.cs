using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using RetroVue.Domain.Library;
using RetroVue.Tests.Support;
using RetroVue.Web;

namespace RetroVue.Tests.Admin;

/// <summary>
/// The admin in a real browser (Debian's chromium, headless) against the real server: first-run
/// setup, sign-in, resolving a review item, the library and an asset. Screenshots of each page are
/// saved under the test output's "screenshots" folder.
/// </summary>
public sealed class AdminBrowserTests
{
    private static readonly string Screenshots = Path.Combine(AppContext.BaseDirectory, "screenshots");

    [Fact]
    public async Task An_operator_sets_up_signs_in_resolves_a_review_item_and_browses_the_library()
    {
        var database = await TestPostgres.CreateDatabaseAsync();
        var seed = new CatalogSeed(database);
        var source = await seed.SourceAsync("cartoons", "/srv/cartoons");
        var show = await seed.TitleAsync("Cosmic Cartoons", year: 1987);
        await seed.AssetsAsync(source, Enumerable.Range(1, 4).Select(i => $"Cosmic Cartoons/Season 01/Cosmic Cartoons S01E0{i}.mkv"), show.Id);
        var stray = await seed.AssetsAsync(source, ["Unsorted/cc_ep5_final_REAL.mkv"]);
        await seed.ReviewAsync(stray[0]);
        var detectives = await seed.TitleAsync("Starlight Detectives", year: 1979);
        await seed.EpisodesAsync(source, detectives, 1, 8, TimeSpan.FromMinutes(24));
        var matinee = await seed.TitleAsync("Saturday Matinee", TitleKind.Movie, 1962);
        await seed.AssetsAsync(source, ["Movies/Saturday Matinee (1962).mkv"], matinee.Id, TimeSpan.FromMinutes(95));
        var thriller = await seed.TitleAsync("Midnight Express Line", TitleKind.Movie, 1958);
        await seed.AssetsAsync(source, ["Movies/Midnight Express Line (1958).mkv"], thriller.Id, TimeSpan.FromMinutes(88));

        var port = FreePort();
        var baseUrl = $"http://127.0.0.1:{port}";
        using var stop = new CancellationTokenSource();
        var dataDirectory = Directory.CreateTempSubdirectory("rv-browser-").FullName;
        // Discovery stays off: the test must not announce itself on the LAN nor hold the fixed UDP ports other tests use.
        string[] arguments = ["--urls", baseUrl, $"--ConnectionStrings:RetroVue={database}", "--Logging:Level=Warning", "--Tuner:SsdpEnabled=false", "--Tuner:HdHomeRunDiscoveryEnabled=false"];
        var server = Task.Run(() => RetroVueWebHost.RunAsync(arguments, dataDirectory, stop.Token));
        try
        {
            await WaitUntilUpAsync(baseUrl, server);
            Directory.CreateDirectory(Screenshots);
            using var playwright = await Playwright.CreateAsync();
            await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = "/usr/bin/chromium",
                Headless = true,
                Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
            });
            var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = baseUrl, ViewportSize = new ViewportSize { Width = 1280, Height = 860 } });
            var page = await context.NewPageAsync();
            var consoleErrors = new List<string>();
            page.Response += (_, response) =>
            {
                if (response.Status >= 400)
                {
                    consoleErrors.Add($"{response.Status} {response.Url}");
                }
            };
            page.Console += (_, message) =>
            {
                if (message.Type == "error")
                {
                    consoleErrors.Add(message.Text);
                }
            };

            // First run: the admin pages lead to setup.
            await page.GotoAsync("/admin");
            Assert.EndsWith("/admin/setup", page.Url);
            await page.GetByLabel("User name").FillAsync("operator");
            await page.GetByLabel("Password", new PageGetByLabelOptions { Exact = true }).FillAsync("a long enough password");
            await page.GetByLabel("Repeat the password").FillAsync("a long enough password");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("1-setup"), FullPage = true });
            await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Create administrator" }).ClickAsync();
            await Assertions.Expect(page).ToHaveURLAsync(EndsWith("/admin"));
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new PageGetByRoleOptions { Name = "Dashboard" })).ToBeVisibleAsync();
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("2-dashboard"), FullPage = true });

            // Sign out and back in.
            await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Sign out" }).ClickAsync();
            await Assertions.Expect(page).ToHaveURLAsync(EndsWith("/admin/login"));
            await page.GetByLabel("User name").FillAsync("operator");
            await page.GetByLabel("Password").FillAsync("a long enough password");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("3-login") });
            await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Sign in" }).ClickAsync();
            await Assertions.Expect(page).ToHaveURLAsync(EndsWith("/admin"));

            // The background jobs card leads to Hangfire's dashboard, which runs under the same strict CSP.
            await page.GetByRole(AriaRole.Link, new PageGetByRoleOptions { Name = "All jobs" }).ClickAsync();
            await Assertions.Expect(page).ToHaveURLAsync(EndsWith("/admin/jobs"));
            await Assertions.Expect(page.GetByText("Realtime Graph")).ToBeVisibleAsync();
            await Assertions.Expect(page.Locator("canvas.chartjs-render-monitor").First).ToBeAttachedAsync(); // Drawn: Chart.js would have injected its inline style by now.
            await page.GotoAsync("/admin/jobs/recurring");
            await Assertions.Expect(page.GetByText("retrovue:extend-timelines")).ToBeVisibleAsync();
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("3b-jobs"), FullPage = true });
            await page.GotoAsync("/admin");

            // Resolve the review item by linking the stray file to its episode.
            await page.GetByRole(AriaRole.Link, new PageGetByRoleOptions { Name = "Review" }).First.ClickAsync();
            await Assertions.Expect(page.GetByText("cc_ep5_final_REAL.mkv").First).ToBeVisibleAsync();
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("4-review"), FullPage = true });
            var item = page.Locator("article.review-item").First;
            await item.GetByLabel("Link to title").FillAsync("Cosmic Cartoons");
            await item.GetByLabel("Season").FillAsync("1");
            await item.GetByLabel("Episode").FillAsync("5");
            await item.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Link", Exact = true }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("linked to Cosmic Cartoons S01E05");
            await Assertions.Expect(page.GetByText("Nothing waits for a decision")).ToBeVisibleAsync();
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("5-review-resolved"), FullPage = true });

            // The library reflects it at once; open the file's detail.
            await page.GotoAsync("/admin/library?search=cc_ep5");
            await Assertions.Expect(page.Locator("tbody tr")).ToHaveCountAsync(1);
            await Assertions.Expect(page.Locator("tbody tr").First).ToContainTextAsync("Cosmic Cartoons");
            await page.GotoAsync("/admin/library");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("6-library"), FullPage = true });
            await page.GetByRole(AriaRole.Link, new PageGetByRoleOptions { Name = "cc_ep5_final_REAL.mkv" }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new PageGetByRoleOptions { Name = "cc_ep5_final_REAL.mkv" })).ToBeVisibleAsync();
            await Assertions.Expect(page.GetByText("S01E05", new PageGetByTextOptions { Exact = true })).ToBeVisibleAsync();
            await Assertions.Expect(page.GetByText("linked to Cosmic Cartoons S01E05", new PageGetByTextOptions { Exact = false }).First).ToBeVisibleAsync();
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("7-asset"), FullPage = true });

            // At a phone's width the same pages stay usable.
            await page.SetViewportSizeAsync(390, 844);
            await page.GotoAsync("/admin/library");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("8-library-phone"), FullPage = true });
            await page.GotoAsync("/admin/sources/add?kind=plex");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("9-add-plex-phone"), FullPage = true });
            var overflow = await page.EvaluateAsync<bool>("document.documentElement.scrollWidth > window.innerWidth + 1");
            Assert.False(overflow, "the page scrolls sideways at phone width");

            // A channel: settings, then a schedule with an error shown at its line, then fixed, previewed and created.
            await page.SetViewportSizeAsync(1280, 860);
            await page.GotoAsync("/admin/channels");
            await page.GetByRole(AriaRole.Link, new PageGetByRoleOptions { Name = "New channel" }).ClickAsync();
            await page.GetByLabel("Number").FillAsync("2");
            await page.GetByLabel("Name", new PageGetByLabelOptions { Exact = true }).FillAsync("Saturday Morning");
            await page.GetByLabel("Group").FillAsync("Classics");
            await page.GetByLabel("Time zone").FillAsync("UTC");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("10-new-channel"), FullPage = true });
            await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Continue to the schedule" }).ClickAsync();
            var editor = page.GetByLabel("Schedule document (YAML)");
            await Assertions.Expect(editor).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("Starlight Detectives"));
            await editor.FillAsync(Schedule("2", "Saturday Morning", offGrid: true));
            var before = consoleErrors.Count;
            await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Preview next 24 h" }).ClickAsync();
            await Assertions.Expect(page.GetByText("off the 30-minute grid").First).ToBeVisibleAsync();

            // The page answers a schedule with errors with 400, as intended; the browser reports that status.
            Assert.All(consoleErrors.Skip(before), e => Assert.Contains("400", e, StringComparison.Ordinal));
            consoleErrors.RemoveRange(before, consoleErrors.Count - before);
            await Assertions.Expect(page.Locator("ol.code li.bad")).ToHaveCountAsync(1);
            await Assertions.Expect(page.Locator("ol.code li.bad")).ToContainTextAsync(":10");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("11-schedule-error"), FullPage = true });
            await page.Locator("ul.errors a.line").First.ClickAsync();
            await editor.FillAsync(Schedule("2", "Saturday Morning", offGrid: false));
            await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Preview next 24 h" }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new PageGetByRoleOptions { Name = "Preview" })).ToBeVisibleAsync();
            await Assertions.Expect(page.Locator("table.programmes").GetByText("Starlight Detectives").First).ToBeVisibleAsync();
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("12-schedule-preview"), FullPage = true });
            await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Create channel" }).ClickAsync();
            await Assertions.Expect(page).ToHaveURLAsync(EndsWith("/admin/channels/2"));
            await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Created channel 2");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("13-channel"), FullPage = true });

            // A second channel straight from the starter schedule, so the guide has two rows.
            await page.GotoAsync("/admin/channels/new");
            await page.GetByLabel("Number").FillAsync("3");
            await page.GetByLabel("Name", new PageGetByLabelOptions { Exact = true }).FillAsync("Matinee Movies");
            await page.GetByLabel("Time zone").FillAsync("UTC");
            await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Continue to the schedule" }).ClickAsync();
            await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Create channel" }).ClickAsync();
            await Assertions.Expect(page).ToHaveURLAsync(EndsWith("/admin/channels/3"));

            // The guide: both channels, a now line, cells linking to their files.
            await page.GetByRole(AriaRole.Link, new PageGetByRoleOptions { Name = "Guide", Exact = true }).First.ClickAsync();
            await Assertions.Expect(page.Locator(".guide .now-line")).ToHaveCountAsync(1);
            await Assertions.Expect(page.Locator(".guide-row:not(.times)")).ToHaveCountAsync(2);
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("14-guide"), FullPage = true });
            await page.Locator("a.cell", new PageLocatorOptions { HasText = "Starlight Detectives" }).First.ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new PageGetByRoleOptions { Level = 1 })).ToContainTextAsync("Starlight Detectives");
            await page.GotoAsync("/admin");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("15-dashboard-channels"), FullPage = true });
            await page.GotoAsync("/admin/channels");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("16-channels"), FullPage = true });

            // At a phone's width the guide scrolls inside its frame, not the page.
            await page.SetViewportSizeAsync(390, 844);
            await page.GotoAsync("/admin/guide");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("17-guide-phone"), FullPage = true });
            Assert.False(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth > window.innerWidth + 1"), "the guide page scrolls sideways at phone width");
            Assert.True(await page.EvaluateAsync<bool>("(() => { const s = document.querySelector('.guide-scroll'); return s.scrollWidth > s.clientWidth; })()"), "the grid scrolls inside its frame");
            await page.GotoAsync("/admin/channels/2/schedule");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("18-schedule-phone"), FullPage = true });
            Assert.False(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth > window.innerWidth + 1"), "the schedule editor scrolls sideways at phone width");

            Assert.Empty(consoleErrors); // No CSP violations or script errors.
        }
        finally
        {
            await stop.CancelAsync();
            await server;
            Directory.Delete(dataDirectory, recursive: true);
        }
    }

    private static string Shot(string name) => Path.Combine(Screenshots, $"{name}.png");

    /// <summary>
    /// A URL that ends with the path. The test checks URLs with this polling assertion, not WaitForURLAsync, which can
    /// miss a navigation that completes while it subscribes (microsoft/playwright-dotnet#3364) and time out.
    /// </summary>
    private static Regex EndsWith(string path) => new($"{Regex.Escape(path)}$");

    /// <summary>Detectives from the hour on air now, cartoons two hours later, then a movie marathon; optionally with a block off the grid.</summary>
    private static string Schedule(string number, string name, bool offGrid)
    {
        var hour = DateTime.UtcNow.Hour;
        return $"""
            channel:
              number: "{number}"
              name: {name}
              group: Classics
              time_zone: UTC

            pools:
              - name: detectives
                series: [Starlight Detectives]
              - name: toons
                series: [Cosmic Cartoons]
              - name: movies
                movies: true

            layers:
              - name: every day
                days: all
                blocks:
                  - at: "{hour:00}:00"
                    kind: episodes
                    pool: detectives
                    order: sequential
                  - at: "{(hour + 2) % 24:00}:{(offGrid ? "10" : "00")}"
                    kind: fill
                    pool: toons
                  - at: "{(hour + 4) % 24:00}:00"
                    kind: marathon
                    pool: movies
            """;
    }

    private static async Task WaitUntilUpAsync(string baseUrl, Task<int> server)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            if (server.IsCompleted)
            {
                throw new InvalidOperationException($"The server stopped early: {server.Exception?.GetBaseException().Message}");
            }

            try
            {
                if ((await http.GetAsync($"{baseUrl}/healthz")).StatusCode != 0)
                {
                    return;
                }
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
