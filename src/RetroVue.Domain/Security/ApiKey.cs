using RetroVue.Domain.Common;

namespace RetroVue.Domain.Security;

/// <summary>
/// A key a script presents instead of a password. Only a hash of the key is stored; the first
/// characters (the prefix) are kept in clear so an operator can tell keys apart.
/// </summary>
public sealed class ApiKey
{
    private ApiKey()
    {
        Name = string.Empty;
        Prefix = string.Empty;
        KeyHash = string.Empty;
    }

    public ApiKey(string name, string prefix, string keyHash, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Trim().Length > 100)
        {
            throw new DomainException("An API key needs a name of 1-100 characters.");
        }

        PrintableText.Require("The API key name", name);

        Id = Guid.NewGuid();
        Name = name.Trim();
        Prefix = prefix;
        KeyHash = keyHash;
        CreatedAt = now;
    }

    public Guid Id { get; private set; }
    public string Name { get; private set; }
    public string Prefix { get; private set; }
    public string KeyHash { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset? LastUsedAt { get; private set; }
    public DateTimeOffset? RevokedAt { get; private set; }

    public bool IsActive => RevokedAt is null;

    public void Revoke(DateTimeOffset now) => RevokedAt ??= now;

    public void Used(DateTimeOffset now) => LastUsedAt = now;
}
