using RetroVue.Domain.Common;

namespace RetroVue.Domain.Security;

/// <summary>An operator who may sign in to the admin pages. Only the password's hash is kept.</summary>
public sealed class AdminUser
{
    public const int MinimumPasswordLength = 10;

    private AdminUser()
    {
        UserName = string.Empty;
        PasswordHash = string.Empty;
    }

    public AdminUser(string userName, string passwordHash, DateTimeOffset now)
    {
        if (!IsValidUserName(userName))
        {
            throw new DomainException("A user name is 1-64 letters, digits, '.', '-', '_' or '@'.");
        }

        Id = Guid.NewGuid();
        UserName = userName;
        PasswordHash = passwordHash;
        CreatedAt = now;
    }

    public Guid Id { get; private set; }
    public string UserName { get; private set; }
    public string PasswordHash { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset? LastSignInAt { get; private set; }

    public static bool IsValidUserName(string? userName) =>
        !string.IsNullOrWhiteSpace(userName)
        && userName.Length <= 64
        && userName.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' or '@');

    public void SignedIn(DateTimeOffset now) => LastSignInAt = now;

    /// <summary>The hasher's parameters got stronger since this hash was made: store the new one.</summary>
    public void Rehash(string passwordHash) => PasswordHash = passwordHash;

    public void ChangePassword(string passwordHash) => PasswordHash = passwordHash;
}
