using Microsoft.AspNetCore.Mvc;
using RetroVue.App.Security;

namespace RetroVue.Web.Admin.Pages;

public sealed class SetupModel(AccountService accounts) : AdminPageModel
{
    [BindProperty]
    public string? UserName { get; set; }

    [BindProperty]
    public string? Password { get; set; }

    [BindProperty]
    public string? Confirmation { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) =>
        await accounts.AdminExistsAsync(cancellationToken) ? NotFound() : Page();

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (await accounts.AdminExistsAsync(cancellationToken))
        {
            return NotFound();
        }

        return await ChangeAsync(async () =>
        {
            var user = await accounts.CreateFirstAdminAsync(UserName, Password, Confirmation, cancellationToken);
            await AdminSignIn.AsAsync(HttpContext, user);
            Message = $"Welcome, {user.UserName}. Add a source to start building your library.";
            return Redirect("/admin");
        });
    }
}
