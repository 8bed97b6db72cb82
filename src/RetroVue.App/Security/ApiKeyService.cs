using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using RetroVue.App.Common;
using RetroVue.Domain.Common;
using RetroVue.Domain.Security;

namespace RetroVue.App.Security;

public sealed record ApiKeyView(Guid Id, string Name, string Prefix, DateTimeOffset CreatedAt, DateTimeOffset? LastUsedAt, DateTimeOffset? RevokedAt)
{
    public bool IsActive => RevokedAt is null;
}

/// <summary>A new key: <see cref="Secret"/> is shown to the operator once and never stored.</summary>
public sealed record CreatedApiKey(ApiKeyView Key, string Secret);

/// <summary>API keys for scripts: created and revoked by the operator, stored only as SHA-256 hashes.</summary>
public sealed class ApiKeyService(IUnitOfWork unitOfWork, TimeProvider clock)
{
    public const string SecretPrefix = "rvk_";
    private const int PrefixLength = 12;
    private static readonly TimeSpan LastUsedResolution = TimeSpan.FromMinutes(1);

    public Task<CreatedApiKey> CreateAsync(string? name, CancellationToken cancellationToken)
    {
        // 256 random bits: a fast hash is enough, nobody guesses such a key from its hash.
        var secret = SecretPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return unitOfWork.ExecuteAsync(
            async (db, ct) =>
            {
                ApiKey key;
                try
                {
                    key = new ApiKey(name ?? string.Empty, secret[..PrefixLength], Hash(secret), clock.GetUtcNow());
                }
                catch (DomainException e)
                {
                    throw new UserFacingException(e.Message, e);
                }

                db.ApiKeys.Add(key);
                await Task.CompletedTask;
                return new CreatedApiKey(ToView(key), secret);
            },
            cancellationToken);
    }

    public Task<IReadOnlyList<ApiKeyView>> ListAsync(CancellationToken cancellationToken) =>
        unitOfWork.ExecuteAsync<IReadOnlyList<ApiKeyView>>(
            async (db, ct) => (await db.ApiKeys.AsNoTracking().OrderBy(k => k.RevokedAt != null).ThenByDescending(k => k.CreatedAt).ToListAsync(ct))
                .Select(ToView).ToList(),
            cancellationToken);

    public Task<ApiKeyView> RevokeAsync(Guid id, CancellationToken cancellationToken) =>
        unitOfWork.ExecuteAsync(
            async (db, ct) =>
            {
                var key = await db.ApiKeys.FirstOrDefaultAsync(k => k.Id == id, ct)
                    ?? throw new NotFoundException($"There is no API key {id}.");
                key.Revoke(clock.GetUtcNow());
                return ToView(key);
            },
            cancellationToken);

    /// <summary>
    /// Revokes the key with this id, or else the one active key with this name. Names need not be unique, so
    /// a name several active keys share is refused with their ids, and nothing is revoked.
    /// </summary>
    public Task<ApiKeyView> RevokeByNameOrIdAsync(string nameOrId, CancellationToken cancellationToken)
    {
        var wanted = TextInput.Line("The API key name", nameOrId)!.Trim();
        if (wanted.Length == 0)
        {
            throw new UserFacingException("Name the API key to revoke, by its name or its id.");
        }

        return unitOfWork.ExecuteAsync(
            async (db, ct) =>
            {
                var key = Guid.TryParse(wanted, out var id) ? await db.ApiKeys.FirstOrDefaultAsync(k => k.Id == id, ct) : null;
                if (key is null)
                {
                    var named = await db.ApiKeys.Where(k => k.Name == wanted && k.RevokedAt == null).OrderBy(k => k.CreatedAt).ToListAsync(ct);
                    key = named switch
                    {
                        [var only] => only,
                        [] => throw new NotFoundException($"There is no active API key named or with id '{wanted}'. 'retrovue apikey list' shows the keys."),
                        _ => throw new UserFacingException(
                            $"{named.Count} active API keys are named '{wanted}': {string.Join(", ", named.Select(k => $"{k.Id} (created {k.CreatedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC)"))}. Revoke one by its id."),
                    };
                }

                key.Revoke(clock.GetUtcNow());
                return ToView(key);
            },
            cancellationToken);
    }

    /// <summary>The active key matching <paramref name="presented"/>, or null.</summary>
    public async Task<ApiKeyView?> AuthenticateAsync(string? presented, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(presented) || !presented.StartsWith(SecretPrefix, StringComparison.Ordinal) || presented.Length > 100)
        {
            return null;
        }

        var hash = Hash(presented);
        return await unitOfWork.ExecuteAsync(
            async (db, ct) =>
            {
                var key = await db.ApiKeys.FirstOrDefaultAsync(k => k.KeyHash == hash, ct);
                if (key is null || !key.IsActive)
                {
                    return null;
                }

                var now = clock.GetUtcNow();
                if (key.LastUsedAt is not { } last || now - last >= LastUsedResolution)
                {
                    key.Used(now);
                }

                return ToView(key);
            },
            cancellationToken);
    }

    internal static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    private static ApiKeyView ToView(ApiKey key) => new(key.Id, key.Name, key.Prefix, key.CreatedAt, key.LastUsedAt, key.RevokedAt);
}
