using System.Net;
using System.Net.Sockets;

namespace RetroVue.Web.Admin.Security;

/// <summary>The answer to a sign-in attempt before its password is checked.</summary>
public sealed record SignInVerdict(bool Allowed, TimeSpan RetryAfter)
{
    public static SignInVerdict Allow { get; } = new(true, TimeSpan.Zero);
}

/// <summary>
/// Holds back guessing at the admin password, per client address and per account name, whatever URL the
/// attempt came through. A client that keeps failing waits longer and longer (up to an hour); an account
/// that keeps failing makes every unknown client wait too, but only a few minutes at most, so failures
/// sent from elsewhere cannot keep the administrator out for long. Addresses the account signed in from
/// before are spared the account's wait. Each attempt counts as failed when it starts (so parallel
/// attempts cannot all pass a check made before any of them failed), and a success wipes the record.
/// </summary>
public sealed class SignInThrottle(SignInThrottlePolicy policy, TimeProvider clock)
{
    private const int ClientCapacity = 10_000;
    private const int AccountCapacity = 10_000;
    private const int TrustedAddressesPerAccount = 16;

    private readonly Lock _gate = new();
    private readonly StrikeTable _clients = new(policy.Client, ClientCapacity);
    private readonly StrikeTable _accounts = new(policy.Account, AccountCapacity);
    private readonly Dictionary<string, Dictionary<string, DateTimeOffset>> _trusted = new(StringComparer.Ordinal);

    /// <summary>Refuses the attempt while its client or account is held back; otherwise counts it as a failure until <see cref="Succeeded"/>.</summary>
    public SignInVerdict TryBegin(IPAddress? client, string? userName)
    {
        var clientKey = ClientKey(client);
        var accountKey = AccountKey(userName);
        var now = clock.GetUtcNow();
        lock (_gate)
        {
            var heldUntil = Latest(_clients.HeldUntil(clientKey, now), IsTrusted(accountKey, clientKey, now) ? null : _accounts.HeldUntil(accountKey, now));
            if (heldUntil is { } until)
            {
                return new SignInVerdict(false, until - now);
            }

            _clients.Fail(clientKey, now);
            _accounts.Fail(accountKey, now);
            return SignInVerdict.Allow;
        }
    }

    /// <summary>The password was right: forget this client's and this account's failures, and trust the address for the account.</summary>
    public void Succeeded(IPAddress? client, string userName)
    {
        var clientKey = ClientKey(client);
        var accountKey = AccountKey(userName);
        var now = clock.GetUtcNow();
        lock (_gate)
        {
            _clients.Forget(clientKey);
            _accounts.Forget(accountKey);
            if (!_trusted.TryGetValue(accountKey, out var addresses))
            {
                // Only names with the right password get here, so this stays as small as the set of accounts.
                addresses = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
                _trusted[accountKey] = addresses;
            }

            addresses[clientKey] = now;
            if (addresses.Count > TrustedAddressesPerAccount)
            {
                addresses.Remove(addresses.MinBy(a => a.Value).Key);
            }
        }
    }

    /// <summary>
    /// One key per client: IPv4 addresses as they are, IPv6 by their /64 network, which one subscriber
    /// usually holds whole and could otherwise walk through address by address.
    /// </summary>
    public static string ClientKey(IPAddress? address)
    {
        if (address is null)
        {
            return "unknown";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return $"{new IPAddress(bytes)}/64";
    }

    /// <summary>Names are compared as sign-in compares them (trimmed), and case-blind so that case tricks gain nothing.</summary>
    public static string AccountKey(string? userName)
    {
        var name = (userName ?? string.Empty).Trim().ToLowerInvariant();
        return name.Length > 64 ? name[..64] : name;
    }

    private static DateTimeOffset? Latest(DateTimeOffset? first, DateTimeOffset? second) =>
        first is null ? second : second is null ? first : first > second ? first : second;

    private bool IsTrusted(string accountKey, string clientKey, DateTimeOffset now) =>
        _trusted.TryGetValue(accountKey, out var addresses)
        && addresses.TryGetValue(clientKey, out var lastSuccess)
        && now - lastSuccess < policy.TrustAddressFor;
}

/// <summary>The figures of the sign-in throttle; docs/admin.md ("Sign-in and sessions") states the defaults.</summary>
public sealed record SignInThrottlePolicy(StrikePolicy Client, StrikePolicy Account, TimeSpan TrustAddressFor)
{
    public static SignInThrottlePolicy From(IConfiguration configuration) => new(
        new StrikePolicy(
            FreeFailures: Math.Max(1, configuration.GetValue("Admin:LoginAttemptsPerMinute", 10)),
            FirstDelay: TimeSpan.FromMinutes(1),
            MaxDelay: TimeSpan.FromHours(1),
            ForgetAfter: TimeSpan.FromHours(24)),
        new StrikePolicy(
            FreeFailures: 5,
            FirstDelay: TimeSpan.FromSeconds(5),
            MaxDelay: TimeSpan.FromMinutes(5),
            ForgetAfter: TimeSpan.FromHours(1)),
        TrustAddressFor: TimeSpan.FromDays(30));
}
