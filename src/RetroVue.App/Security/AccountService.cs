using Microsoft.EntityFrameworkCore;
using RetroVue.App.Common;
using RetroVue.Domain.Common;
using RetroVue.Domain.Security;

namespace RetroVue.App.Security;

public sealed record SignedInUser(Guid Id, string UserName);

/// <summary>The admin account: created once on first run, then signed in to with a password.</summary>
public sealed class AccountService(IUnitOfWork unitOfWork, IPasswordHashing hashing, TimeProvider clock)
{
    /// <summary>Longer passwords only make hashing slower, not safer; this bounds the work one request can cause.</summary>
    public const int MaximumPasswordLength = 256;

    private readonly Lazy<string> _decoyHash = new(() => hashing.Hash(Guid.NewGuid().ToString("N")));
    private volatile bool _adminExists;

    /// <summary>Once an admin exists it is remembered, so that every request does not ask the database.</summary>
    public async Task<bool> AdminExistsAsync(CancellationToken cancellationToken)
    {
        if (_adminExists)
        {
            return true;
        }

        var exists = await unitOfWork.ExecuteAsync((db, ct) => db.AdminUsers.AnyAsync(ct), cancellationToken);
        _adminExists = exists;
        return exists;
    }

    /// <summary>First run only: creates the administrator. Refused once any admin exists.</summary>
    public async Task<SignedInUser> CreateFirstAdminAsync(string? userName, string? password, string? confirmation, CancellationToken cancellationToken)
    {
        var name = userName?.Trim() ?? string.Empty;
        if (!AdminUser.IsValidUserName(name))
        {
            throw new UserFacingException("Choose a user name of 1-64 letters, digits, '.', '-', '_' or '@'.");
        }

        ValidateNewPassword(password, confirmation);
        var user = await unitOfWork.ExecuteAsync(
            async (db, ct) =>
            {
                if (await db.AdminUsers.AnyAsync(ct))
                {
                    throw new ConflictException("The administrator exists already; sign in instead.");
                }

                try
                {
                    var created = new AdminUser(name, hashing.Hash(password!), clock.GetUtcNow());
                    db.AdminUsers.Add(created);
                    return created;
                }
                catch (DomainException e)
                {
                    throw new UserFacingException(e.Message, e);
                }
            },
            cancellationToken);
        _adminExists = true;
        return new SignedInUser(user.Id, user.UserName);
    }

    /// <summary>The user when the name and password match; null otherwise (without telling which was wrong).</summary>
    public Task<SignedInUser?> SignInAsync(string? userName, string? password, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(userName) || string.IsNullOrEmpty(password) || password.Length > MaximumPasswordLength)
        {
            return Task.FromResult<SignedInUser?>(null);
        }

        return unitOfWork.ExecuteAsync<SignedInUser?>(
            async (db, ct) =>
            {
                var user = await db.AdminUsers.FirstOrDefaultAsync(u => u.UserName == userName.Trim(), ct);
                if (user is null)
                {
                    // Spend the same time as for a real user, so response times do not reveal which names exist.
                    hashing.Verify(_decoyHash.Value, password);
                    return null;
                }

                var check = hashing.Verify(user.PasswordHash, password);
                if (check == PasswordCheck.Failed)
                {
                    return null;
                }

                if (check == PasswordCheck.SucceededRehashNeeded)
                {
                    user.Rehash(hashing.Hash(password));
                }

                user.SignedIn(clock.GetUtcNow());
                return new SignedInUser(user.Id, user.UserName);
            },
            cancellationToken);
    }

    /// <summary>
    /// Replaces the password once the current one is proven, and ends every other session of the account in
    /// the same transaction: whoever learnt the old password and signed in with it is out at once.
    /// </summary>
    public async Task ChangePasswordAsync(Guid userId, Guid keepSession, string? currentPassword, string? newPassword, string? confirmation, CancellationToken cancellationToken)
    {
        ValidateNewPassword(newPassword, confirmation);
        await unitOfWork.ExecuteAsync(
            async (db, ct) =>
            {
                var user = await db.AdminUsers.FirstOrDefaultAsync(u => u.Id == userId, ct)
                    ?? throw new NotFoundException("The signed-in account no longer exists.");
                if (string.IsNullOrEmpty(currentPassword) || currentPassword.Length > MaximumPasswordLength
                    || hashing.Verify(user.PasswordHash, currentPassword) == PasswordCheck.Failed)
                {
                    throw new UserFacingException("The current password is wrong; the password was not changed.");
                }

                user.ChangePassword(hashing.Hash(newPassword!));
                await AdminSessionService.RevokeAllAsync(db, userId, keepSession, clock.GetUtcNow(), ct);
            },
            cancellationToken);
    }

    private static void ValidateNewPassword(string? password, string? confirmation)
    {
        if (string.IsNullOrEmpty(password) || password.Length < AdminUser.MinimumPasswordLength)
        {
            throw new UserFacingException($"Choose a password of at least {AdminUser.MinimumPasswordLength} characters.");
        }

        if (password.Length > MaximumPasswordLength)
        {
            throw new UserFacingException($"A password may have at most {MaximumPasswordLength} characters.");
        }

        if (!string.Equals(password, confirmation, StringComparison.Ordinal))
        {
            throw new UserFacingException("The two passwords differ; type the same password twice.");
        }
    }
}
