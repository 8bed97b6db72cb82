namespace RetroVue.Domain.Security;

/// <summary>
/// One signed-in browser of an admin. The browser holds a random secret; only its hash is kept here, so a
/// copy of the table signs nobody in. Revoked sessions stay (for a while) so the list can say what ended.
/// </summary>
public sealed class AdminSession
{
    public const int MaxUserAgentLength = 256;
    public const int MaxClientAddressLength = 64;

    private AdminSession()
    {
        TokenHash = string.Empty;
        UserAgent = string.Empty;
        ClientAddress = string.Empty;
    }

    public AdminSession(Guid userId, string tokenHash, string? userAgent, string? clientAddress, DateTimeOffset now)
    {
        Id = Guid.NewGuid();
        UserId = userId;
        TokenHash = tokenHash;
        UserAgent = Clip(userAgent, MaxUserAgentLength);
        ClientAddress = Clip(clientAddress, MaxClientAddressLength);
        CreatedAt = now;
        LastSeenAt = now;
    }

    public Guid Id { get; private set; }
    public Guid UserId { get; private set; }
    public string TokenHash { get; private set; }
    public string UserAgent { get; private set; }
    public string ClientAddress { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset LastSeenAt { get; private set; }
    public DateTimeOffset? RevokedAt { get; private set; }

    public bool IsActiveAt(DateTimeOffset now, TimeSpan idleTimeout) => RevokedAt is null && now - LastSeenAt < idleTimeout;

    /// <summary>Records a request, but at most once per <paramref name="resolution"/>, so reading pages does not mean writing rows.</summary>
    public bool Seen(DateTimeOffset now, TimeSpan resolution)
    {
        if (now - LastSeenAt < resolution)
        {
            return false;
        }

        LastSeenAt = now;
        return true;
    }

    public void Revoke(DateTimeOffset now) => RevokedAt ??= now;

    // Control characters are dropped: the text is shown on the settings page and written to logs.
    private static string Clip(string? text, int length)
    {
        var clean = new string((text ?? string.Empty).Where(c => !char.IsControl(c)).ToArray()).Trim();
        return clean.Length > length ? clean[..length] : clean;
    }
}
