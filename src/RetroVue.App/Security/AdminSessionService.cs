using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using RetroVue.App.Common;
using RetroVue.Domain.Security;

namespace RetroVue.App.Security;

/// <summary>A session as the settings page lists it.</summary>
public sealed record AdminSessionView(Guid Id, DateTimeOffset CreatedAt, DateTimeOffset LastSeenAt, string UserAgent, string ClientAddress);

/// <summary>The session a request's cookie names, with the account it belongs to.</summary>
public sealed record ActiveAdminSession(Guid SessionId, Guid UserId, string UserName, DateTimeOffset LastSeenAt);

/// <summary>A new session: <see cref="Secret"/> goes into the browser's cookie and is never stored.</summary>
public sealed record StartedAdminSession(string Secret, ActiveAdminSession Session);

/// <summary>
/// Server-side admin sessions in PostgreSQL: a sign-in starts one, every request looks it up, and
/// revoking it ends it at once for whoever holds a copy of the cookie.
/// </summary>
public sealed class AdminSessionService(IUnitOfWork unitOfWork, TimeProvider clock)
{
    /// <summary>A session nobody used for this long has ended.</summary>
    public static readonly TimeSpan IdleTimeout = TimeSpan.FromHours(12);

    /// <summary>"Last seen" moves at most this often, so that reading pages does not write a row per request.</summary>
    public static readonly TimeSpan LastSeenResolution = TimeSpan.FromMinutes(1);

    /// <summary>Ended sessions are deleted after this long, when the account next signs in.</summary>
    private static readonly TimeSpan KeepEndedFor = TimeSpan.FromDays(30);

    public Task<StartedAdminSession> StartAsync(Guid userId, string? userAgent, string? clientAddress, CancellationToken cancellationToken)
    {
        // 256 random bits: a fast hash is enough, nobody guesses such a secret from its hash.
        var secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return unitOfWork.ExecuteAsync(
            async (db, ct) =>
            {
                var user = await db.AdminUsers.FirstOrDefaultAsync(u => u.Id == userId, ct)
                    ?? throw new NotFoundException("The account signing in no longer exists.");
                var now = clock.GetUtcNow();
                var forgotten = now - KeepEndedFor;
                await db.AdminSessions
                    .Where(s => s.UserId == userId && (s.RevokedAt < forgotten || s.LastSeenAt < forgotten))
                    .ExecuteDeleteAsync(ct);
                var session = new AdminSession(userId, Hash(secret), userAgent, clientAddress, now);
                db.AdminSessions.Add(session);
                return new StartedAdminSession(secret, new ActiveAdminSession(session.Id, user.Id, user.UserName, session.LastSeenAt));
            },
            cancellationToken);
    }

    /// <summary>The live session named by <paramref name="secret"/>, or null when it is unknown, revoked or idle too long.</summary>
    public Task<ActiveAdminSession?> FindActiveAsync(string? secret, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(secret) || secret.Length > 100)
        {
            return Task.FromResult<ActiveAdminSession?>(null);
        }

        var hash = Hash(secret);
        return unitOfWork.ExecuteAsync<ActiveAdminSession?>(
            async (db, ct) =>
            {
                var now = clock.GetUtcNow();
                var found = await db.AdminSessions
                    .Where(s => s.TokenHash == hash)
                    .Join(db.AdminUsers, s => s.UserId, u => u.Id, (s, u) => new { Session = s, u.UserName })
                    .FirstOrDefaultAsync(ct);
                if (found is null || !found.Session.IsActiveAt(now, IdleTimeout))
                {
                    return null;
                }

                found.Session.Seen(now, LastSeenResolution);
                return new ActiveAdminSession(found.Session.Id, found.Session.UserId, found.UserName, found.Session.LastSeenAt);
            },
            cancellationToken);
    }

    /// <summary>Signing out: the session named by <paramref name="secret"/> ends now.</summary>
    public Task EndAsync(string secret, CancellationToken cancellationToken)
    {
        var hash = Hash(secret);
        return unitOfWork.ExecuteAsync(
            async (db, ct) =>
            {
                var now = clock.GetUtcNow();
                await db.AdminSessions.Where(s => s.TokenHash == hash && s.RevokedAt == null)
                    .ExecuteUpdateAsync(set => set.SetProperty(s => s.RevokedAt, now), ct);
            },
            cancellationToken);
    }

    /// <summary>Ends one of the account's sessions (a button on the settings page).</summary>
    public Task RevokeAsync(Guid userId, Guid sessionId, CancellationToken cancellationToken) =>
        unitOfWork.ExecuteAsync(
            async (db, ct) =>
            {
                var session = await db.AdminSessions.FirstOrDefaultAsync(s => s.Id == sessionId && s.UserId == userId, ct)
                    ?? throw new NotFoundException("That session does not exist (any more).");
                session.Revoke(clock.GetUtcNow());
            },
            cancellationToken);

    /// <summary>Ends every session of the account, or all but <paramref name="keep"/>; returns how many ended.</summary>
    public Task<int> RevokeAllAsync(Guid userId, Guid? keep, CancellationToken cancellationToken) =>
        unitOfWork.ExecuteAsync((db, ct) => RevokeAllAsync(db, userId, keep, clock.GetUtcNow(), ct), cancellationToken);

    /// <summary>The account's sessions that still work, the most recently used first.</summary>
    public Task<IReadOnlyList<AdminSessionView>> ListActiveAsync(Guid userId, CancellationToken cancellationToken) =>
        unitOfWork.ExecuteAsync<IReadOnlyList<AdminSessionView>>(
            async (db, ct) =>
            {
                var idleSince = clock.GetUtcNow() - IdleTimeout;
                return await db.AdminSessions.AsNoTracking()
                    .Where(s => s.UserId == userId && s.RevokedAt == null && s.LastSeenAt > idleSince)
                    .OrderByDescending(s => s.LastSeenAt)
                    .Select(s => new AdminSessionView(s.Id, s.CreatedAt, s.LastSeenAt, s.UserAgent, s.ClientAddress))
                    .ToListAsync(ct);
            },
            cancellationToken);

    internal static Task<int> RevokeAllAsync(IRetroVueDbContext db, Guid userId, Guid? keep, DateTimeOffset now, CancellationToken cancellationToken) =>
        db.AdminSessions
            .Where(s => s.UserId == userId && s.RevokedAt == null && s.Id != keep)
            .ExecuteUpdateAsync(set => set.SetProperty(s => s.RevokedAt, now), cancellationToken);

    private static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
}
