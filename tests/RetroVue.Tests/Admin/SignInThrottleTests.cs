using System.Globalization;
using System.Net;
using RetroVue.Web.Admin.Security;

namespace RetroVue.Tests.Admin;

/// <summary>Guessing the admin password: one budget per client and per account, whatever the URL's spelling.</summary>
public sealed class SignInThrottleTests
{
    private static readonly string[] LoginSpellings = ["/admin/login", "/admin/LOGIN", "/admin/login/", "/admin/%6Cogin", "/ADMIN/Login/"];

    [Fact]
    public async Task Wrong_passwords_from_one_client_are_held_back_after_its_budget_whatever_the_spelling_of_the_login_path()
    {
        await using var host = await AdminHost.StartAsync(new Dictionary<string, string> { ["Admin:LoginAttemptsPerMinute"] = "10" });
        var clients = await ClientsOnAClock.StartAsync(host);
        var attacker = clients.BrowserAt("198.51.100.7");

        var statuses = new List<HttpStatusCode>();
        for (var attempt = 0; attempt < 30; attempt++)
        {
            // A different account each time, so that only the client's own budget is at work here.
            var response = await ClientsOnAClock.SignInAsync(attacker, "wrong password", LoginSpellings[attempt % LoginSpellings.Length], $"guess{attempt}");
            statuses.Add(response.StatusCode);
        }

        Assert.Equal(Enumerable.Repeat(HttpStatusCode.BadRequest, 10).Concat(Enumerable.Repeat(HttpStatusCode.TooManyRequests, 20)), statuses);
        var refused = await ClientsOnAClock.SignInAsync(attacker, AdminHost.Password);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Contains("Too many failed sign-ins", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.NotNull(refused.Headers.RetryAfter?.Delta);
    }

    [Fact]
    public async Task Wrong_passwords_sent_all_at_once_get_no_more_checks_than_the_budget()
    {
        await using var host = await AdminHost.StartAsync(new Dictionary<string, string> { ["Admin:LoginAttemptsPerMinute"] = "10" });
        var clients = await ClientsOnAClock.StartAsync(host);
        var attacker = clients.BrowserAt("198.51.100.9");
        var token = await AdminHost.AntiforgeryTokenAsync(attacker, "/admin/login");

        var responses = await Task.WhenAll(Enumerable.Range(0, 30).Select(attempt =>
            attacker.PostAsync(LoginSpellings[attempt % LoginSpellings.Length], AdminHost.Form(token, ("userName", $"guess{attempt}"), ("password", "wrong password")))));

        Assert.Equal(10, responses.Count(r => r.StatusCode == HttpStatusCode.BadRequest));
        Assert.Equal(20, responses.Count(r => r.StatusCode == HttpStatusCode.TooManyRequests));
    }

    [Fact]
    public async Task A_client_held_back_signs_in_again_once_its_wait_is_over()
    {
        await using var host = await AdminHost.StartAsync(new Dictionary<string, string> { ["Admin:LoginAttemptsPerMinute"] = "10" });
        var clients = await ClientsOnAClock.StartAsync(host);
        var browser = clients.BrowserAt("198.51.100.8");
        for (var attempt = 0; attempt < 30; attempt++)
        {
            await ClientsOnAClock.SignInAsync(browser, "wrong password", LoginSpellings[attempt % LoginSpellings.Length]);
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, (await ClientsOnAClock.SignInAsync(browser, AdminHost.Password)).StatusCode);

        // Refused attempts do not lengthen the wait: after the first failure past the budget, a minute is enough.
        clients.Clock.Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(1));
        var signedIn = await ClientsOnAClock.SignInAsync(browser, AdminHost.Password);

        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/admin")).StatusCode);
    }

    [Fact]
    public async Task Guesses_at_the_account_from_many_addresses_keep_the_admin_out_five_minutes_at_most_and_never_from_a_known_address()
    {
        await using var host = await AdminHost.StartAsync(new Dictionary<string, string> { ["Admin:LoginAttemptsPerMinute"] = "10" });
        var clients = await ClientsOnAClock.StartAsync(host);
        var laptop = clients.BrowserAt("203.0.113.5");
        Assert.Equal(HttpStatusCode.Redirect, (await ClientsOnAClock.SignInAsync(laptop, AdminHost.Password)).StatusCode);
        var attack = new Attack(clients);

        await attack.GuessAsync(30);

        Assert.Equal(TimeSpan.FromMinutes(5), attack.LongestWait);
        Assert.True(attack.Checked <= 5 + attack.Waits, $"{attack.Checked} guesses checked after only {attack.Waits} waits");
        var phone = clients.BrowserAt("203.0.113.77");
        var held = await ClientsOnAClock.SignInAsync(phone, AdminHost.Password);
        Assert.Equal(HttpStatusCode.TooManyRequests, held.StatusCode);
        var wait = held.Headers.RetryAfter!.Delta!.Value;
        Assert.True(wait <= TimeSpan.FromMinutes(5), $"told to wait {wait}");
        clients.Clock.Advance(wait);
        Assert.Equal(HttpStatusCode.Redirect, (await ClientsOnAClock.SignInAsync(phone, AdminHost.Password)).StatusCode);

        await attack.GuessAsync(20);

        Assert.Equal(HttpStatusCode.TooManyRequests, (await ClientsOnAClock.SignInAsync(clients.BrowserAt("203.0.113.78"), AdminHost.Password)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await ClientsOnAClock.SignInAsync(clients.BrowserAt("203.0.113.5"), AdminHost.Password)).StatusCode);
    }

    [Fact]
    public void Addresses_of_one_IPv6_network_share_one_client_budget_and_mapped_IPv4_is_plain_IPv4()
    {
        Assert.Equal(
            SignInThrottle.ClientKey(IPAddress.Parse("2001:db8:1:2::1")),
            SignInThrottle.ClientKey(IPAddress.Parse("2001:db8:1:2:ffff:1234:5678:9abc")));
        Assert.NotEqual(
            SignInThrottle.ClientKey(IPAddress.Parse("2001:db8:1:2::1")),
            SignInThrottle.ClientKey(IPAddress.Parse("2001:db8:1:3::1")));
        Assert.Equal("192.0.2.4", SignInThrottle.ClientKey(IPAddress.Parse("::ffff:192.0.2.4")));
    }

    /// <summary>Wrong passwords for the admin, each from a new address, waiting as long as told whenever held back.</summary>
    private sealed class Attack(ClientsOnAClock clients)
    {
        private int _addresses;

        public int Checked { get; private set; }

        public int Waits { get; private set; }

        public TimeSpan LongestWait { get; private set; }

        /// <summary>Returns after <paramref name="guesses"/> were checked; the last one leaves the account held back.</summary>
        public async Task GuessAsync(int guesses)
        {
            for (var done = 0; done < guesses;)
            {
                var address = string.Create(CultureInfo.InvariantCulture, $"198.51.{100 + (_addresses / 250)}.{(_addresses % 250) + 1}");
                var response = await ClientsOnAClock.SignInAsync(clients.BrowserAt(address), $"guess {_addresses}", LoginSpellings[_addresses % LoginSpellings.Length]);
                _addresses++;
                if (response.StatusCode == HttpStatusCode.TooManyRequests)
                {
                    var wait = response.Headers.RetryAfter!.Delta!.Value;
                    LongestWait = wait > LongestWait ? wait : LongestWait;
                    Waits++;
                    clients.Clock.Advance(wait);
                }
                else
                {
                    Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
                    Checked++;
                    done++;
                }
            }
        }
    }
}
