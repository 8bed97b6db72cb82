using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using RetroVue.App.Common;
using RetroVue.App.Streaming;
using RetroVue.Domain.Security;

namespace RetroVue.App.Security;

/// <summary>Whether IPTV clients must present a token, and which one.</summary>
public sealed record IptvAccessSettings(bool TokenRequired, string? Token);

/// <summary>
/// Guards the IPTV endpoints (M3U, XMLTV, streams, HDHomeRun). Open on the LAN by default; when the
/// operator requires a token, every URL RetroVue hands out must carry it: playlist and guide URLs as
/// <c>?token=...</c> (see <see cref="AppendTokenAsync"/>), tuner URLs in their path, under
/// <c>/t/{token}</c> (see <see cref="TunerPath"/>), because tuner clients append to the URLs they are given.
/// </summary>
public sealed class IptvAccess(IUnitOfWork unitOfWork, TimeProvider clock) : ITunerPathPrefix
{
    public const string QueryParameter = "token";

    /// <summary>The first segment of a tuner base path that carries the token: /t/{token}/discover.json.</summary>
    public const string PathSegment = "t";
    internal const string RequiredKey = "iptv.token_required";
    internal const string TokenKey = "iptv.token";

    // Streams ask on every request; a short cache keeps that off the database while a change made
    // by another process (the CLI) still shows within seconds.
    private static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(5);
    private readonly Lock _gate = new();
    private (IptvAccessSettings Settings, DateTimeOffset ReadAt)? _cached;

    public async Task<IptvAccessSettings> GetAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_cached is { } cached && clock.GetUtcNow() - cached.ReadAt < CacheFor)
            {
                return cached.Settings;
            }
        }

        var settings = await unitOfWork.ExecuteAsync(
            async (db, ct) =>
            {
                var values = await db.ServerSettings.AsNoTracking()
                    .Where(s => s.Key == RequiredKey || s.Key == TokenKey)
                    .ToDictionaryAsync(s => s.Key, s => s.Value, ct);
                return new IptvAccessSettings(values.GetValueOrDefault(RequiredKey) == "true", values.GetValueOrDefault(TokenKey));
            },
            cancellationToken);
        Remember(settings);
        return settings;
    }

    /// <summary>True when the request may proceed: no token required, or the right one presented.</summary>
    public async Task<bool> IsAllowedAsync(string? presentedToken, CancellationToken cancellationToken)
    {
        var settings = await GetAsync(cancellationToken);
        if (!settings.TokenRequired)
        {
            return true;
        }

        return settings.Token is { Length: > 0 } token
            && presentedToken is not null
            && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(token), Encoding.UTF8.GetBytes(presentedToken));
    }

    /// <summary><paramref name="url"/> with the token added when one is required, unchanged otherwise.</summary>
    public async Task<string> AppendTokenAsync(string url, CancellationToken cancellationToken)
    {
        var settings = await GetAsync(cancellationToken);
        return AppendToken(url, settings);
    }

    /// <summary>The same for many URLs against settings read once (the guide writes one per programme).</summary>
    public static string AppendToken(string url, IptvAccessSettings settings)
    {
        if (!settings.TokenRequired || string.IsNullOrEmpty(settings.Token))
        {
            return url;
        }

        var separator = url.Contains('?', StringComparison.Ordinal) ? '&' : '?';
        return $"{url}{separator}{QueryParameter}={Uri.EscapeDataString(settings.Token)}";
    }

    /// <summary>"/t/{token}" when a token is required, empty when IPTV is open: what every tuner URL starts with after the host.</summary>
    public static string TunerPath(IptvAccessSettings settings) =>
        settings.TokenRequired && !string.IsNullOrEmpty(settings.Token)
            ? $"/{PathSegment}/{Uri.EscapeDataString(settings.Token)}"
            : string.Empty;

    public async Task<string> TunerPathAsync(CancellationToken cancellationToken) => TunerPath(await GetAsync(cancellationToken));

    /// <summary>Turns the token requirement on or off; turning it on the first time makes a token.</summary>
    public async Task<IptvAccessSettings> SetTokenRequiredAsync(bool required, CancellationToken cancellationToken)
    {
        var settings = await unitOfWork.ExecuteAsync(
            async (db, ct) =>
            {
                var now = clock.GetUtcNow();
                await UpsertAsync(db, RequiredKey, required ? "true" : "false", now, ct);
                var token = await db.ServerSettings.Where(s => s.Key == TokenKey).Select(s => s.Value).FirstOrDefaultAsync(ct);
                if (required && string.IsNullOrEmpty(token))
                {
                    token = NewToken();
                    await UpsertAsync(db, TokenKey, token, now, ct);
                }

                return new IptvAccessSettings(required, token);
            },
            cancellationToken);
        Remember(settings);
        return settings;
    }

    /// <summary>A fresh token: every playlist and tuner set up with the old one stops working.</summary>
    public async Task<IptvAccessSettings> RegenerateTokenAsync(CancellationToken cancellationToken)
    {
        var settings = await unitOfWork.ExecuteAsync(
            async (db, ct) =>
            {
                var token = NewToken();
                await UpsertAsync(db, TokenKey, token, clock.GetUtcNow(), ct);
                var required = await db.ServerSettings.Where(s => s.Key == RequiredKey).Select(s => s.Value).FirstOrDefaultAsync(ct) == "true";
                return new IptvAccessSettings(required, token);
            },
            cancellationToken);
        Remember(settings);
        return settings;
    }

    private void Remember(IptvAccessSettings settings)
    {
        // Tuner URLs carry the token in their path, where the key=value masking of the logs cannot see it.
        SecretRedactor.Register(settings.Token);
        lock (_gate)
        {
            _cached = (settings, clock.GetUtcNow());
        }
    }

    private static string NewToken() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    private static async Task UpsertAsync(IRetroVueDbContext db, string key, string value, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var existing = await db.ServerSettings.FirstOrDefaultAsync(s => s.Key == key, cancellationToken);
        if (existing is null)
        {
            db.ServerSettings.Add(new ServerSetting(key, value, now));
        }
        else
        {
            existing.Change(value, now);
        }
    }
}
