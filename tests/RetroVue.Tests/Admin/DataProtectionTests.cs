using System.Net;
using System.Runtime.Versioning;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using RetroVue.App.Common;
using RetroVue.Web.Admin.Security;

namespace RetroVue.Tests.Admin;

/// <summary>The keys that sign cookies and antiforgery tokens live in the data folder and outlive one server process.</summary>
[UnsupportedOSPlatform("windows")] // File modes are the point here; the suite runs on Linux.
public sealed class DataProtectionTests
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    [Fact]
    public async Task A_sign_in_from_one_server_is_honoured_by_another_on_the_same_data_folder_and_not_by_one_elsewhere()
    {
        await using var first = await AdminHost.StartAsync();
        await first.SetUpAdminAsync();
        var cookies = new CookieContainer();
        var browser = first.CreateDefaultClient(new CookieContainerHandler(cookies));
        var loginToken = await AdminHost.AntiforgeryTokenAsync(browser, "/admin/login");
        var signIn = await browser.PostAsync("/admin/login", AdminHost.Form(loginToken, ("userName", AdminHost.UserName), ("password", AdminHost.Password)));
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        var formToken = await AdminHost.AntiforgeryTokenAsync(browser, "/admin/settings");

        var folder = DataProtectionKeys.FolderFor(first.DataDirectory);
        var keys = Directory.GetFiles(folder, "key-*.xml").Order().ToList();
        Assert.NotEmpty(keys);
        Assert.Equal(OwnerOnly, File.GetUnixFileMode(folder));

        await using var restarted = AdminHost.StartOn(first.ConnectionString, first.DataDirectory);
        var sameBrowserThere = restarted.CreateDefaultClient(new CookieContainerHandler(cookies));
        var dashboard = await sameBrowserThere.GetAsync("/admin");
        var keyCreated = await sameBrowserThere.PostAsync("/admin/settings?handler=CreateKey", AdminHost.Form(formToken, ("keyName", "made-on-the-second-server")));

        Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode);
        Assert.Equal(HttpStatusCode.OK, keyCreated.StatusCode);
        Assert.Contains("rvk_", await keyCreated.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(keys, Directory.GetFiles(folder, "key-*.xml").Order().ToList());

        await using var elsewhere = AdminHost.StartOn(first.ConnectionString, dataDirectory: null);
        var refused = await elsewhere.CreateDefaultClient(new CookieContainerHandler(cookies)).GetAsync("/admin");
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.Contains("/admin/login", refused.Headers.Location?.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_key_folder_made_earlier_with_open_permissions_is_closed_to_other_users()
    {
        var data = Directory.CreateTempSubdirectory("rv-keys-").FullName;
        try
        {
            var folder = DataProtectionKeys.FolderFor(data);
            Directory.CreateDirectory(folder, OwnerOnly | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);

            Assert.Equal(folder, DataProtectionKeys.PrepareFolder(data));

            Assert.Equal(OwnerOnly, File.GetUnixFileMode(folder));
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    [Fact]
    public void A_data_folder_that_cannot_hold_the_keys_is_reported_with_the_folder_and_what_to_do()
    {
        var file = Path.GetTempFileName();
        try
        {
            var error = Assert.Throws<UserFacingException>(() => DataProtectionKeys.PrepareFolder(Path.Combine(file, "data")));

            Assert.Contains(Path.Combine(file, "data", "keys"), error.Message, StringComparison.Ordinal);
            Assert.Contains("--data-dir", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
