using System.Net;
using System.Net.Sockets;
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
        await seed.TitleAsync("Saturday Matinee", TitleKind.Movie, 1962);
        await seed.AssetsAsync(source, Enumerable.Range(1, 4).Select(i => $"Cosmic Cartoons/Season 01/Cosmic Cartoons S01E0{i}.mkv"), show.Id);
        var stray = await seed.AssetsAsync(source, ["Unsorted/cc_ep5_final_REAL.mkv"]);
        await seed.ReviewAsync(stray[0]);

        var port = FreePort();
        var baseUrl = $"http://127.0.0.1:{port}";
        using var stop = new CancellationTokenSource();
        var server = Task.Run(() => RetroVueWebHost.RunAsync(["--urls", baseUrl, $"--ConnectionStrings:RetroVue={database}", "--Logging:Level=Warning"], null, stop.Token));
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
            await page.WaitForURLAsync("**/admin");
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new PageGetByRoleOptions { Name = "Dashboard" })).ToBeVisibleAsync();
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("2-dashboard"), FullPage = true });

            // Sign out and back in.
            await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Sign out" }).ClickAsync();
            await page.WaitForURLAsync("**/admin/login");
            await page.GetByLabel("User name").FillAsync("operator");
            await page.GetByLabel("Password").FillAsync("a long enough password");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("3-login") });
            await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Sign in" }).ClickAsync();
            await page.WaitForURLAsync("**/admin");

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

            Assert.Empty(consoleErrors); // No CSP violations or script errors.
        }
        finally
        {
            await stop.CancelAsync();
            await server;
        }
    }

    private static string Shot(string name) => Path.Combine(Screenshots, $"{name}.png");

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
