using System.Globalization;
using RetroVue.Domain.Common;

namespace RetroVue.Domain.Scheduling;

/// <summary>
/// The channel's id in the M3U (tvg-id), the XMLTV guide and the tuner lineup. It is minted once and kept
/// across renumbering, because Plex loses channel mappings when ids change; it is dotted because the XMLTV
/// validator rejects ids without a dot, and carries a per-installation part so two servers never share ids.
/// </summary>
public static class ChannelStableId
{
    public static string Mint(ChannelNumber number, Guid installationId) =>
        string.Create(
            CultureInfo.InvariantCulture,
            $"C{number.ToString().Replace('.', '-')}.{installationId.ToString("N")[..8]}.retrovue");

    public static bool IsValid(string? id) =>
        !string.IsNullOrEmpty(id)
        && id.Length <= 128
        && id.Split('.') is { Length: >= 2 } parts
        && parts.All(p => p.Length > 0 && p.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'));

    public static string Validate(string? id) =>
        IsValid(id)
            ? id!
            : throw new DomainException($"'{id}' is not a valid channel id: use letters, digits and dashes in at least two dot-separated parts, e.g. 'C2.classic.retrovue'.");
}
