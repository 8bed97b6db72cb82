using Microsoft.AspNetCore.Identity;
using RetroVue.App.Security;
using RetroVue.Domain.Security;

namespace RetroVue.Web.Admin.Security;

/// <summary>The framework's PasswordHasher (PBKDF2 with a random salt and a per-version iteration count).</summary>
public sealed class FrameworkPasswordHashing : IPasswordHashing
{
    private readonly PasswordHasher<AdminUser> _hasher = new();

    public string Hash(string password) => _hasher.HashPassword(null!, password);

    public PasswordCheck Verify(string hash, string password)
    {
        try
        {
            return _hasher.VerifyHashedPassword(null!, hash, password) switch
            {
                PasswordVerificationResult.Success => PasswordCheck.Succeeded,
                PasswordVerificationResult.SuccessRehashNeeded => PasswordCheck.SucceededRehashNeeded,
                _ => PasswordCheck.Failed,
            };
        }
        catch (FormatException)
        {
            return PasswordCheck.Failed;
        }
    }
}
