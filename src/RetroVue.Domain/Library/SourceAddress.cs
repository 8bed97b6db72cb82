using System.Net;
using System.Net.Sockets;

namespace RetroVue.Domain.Library;

/// <summary>What kind of place an address of a source server is, as far as RetroVue's address policy cares.</summary>
public enum AddressKind
{
    /// <summary>A LAN (10/8, 172.16/12, 192.168/16, fc00::/7) or public address: where Plex servers live.</summary>
    Allowed,

    /// <summary>This machine (127/8, ::1): allowed only when the operator says so (Sources:AllowLoopback).</summary>
    Loopback,

    /// <summary>0.0.0.0 or ::, which a connection would take as this machine.</summary>
    Unspecified,

    /// <summary>169.254/16 and fe80::/10: never a Plex server, and where cloud metadata services answer.</summary>
    LinkLocal,

    /// <summary>A cloud instance-metadata address (169.254.169.254, fd00:ec2::254, 100.100.100.200).</summary>
    Metadata,

    /// <summary>Multicast or broadcast: no server answers there.</summary>
    Multicast,
}

/// <summary>
/// The address policy for outgoing connections to source servers: an API key holder must not be able to point a source
/// at this machine, a cloud metadata service or a link-local neighbour and read what answers. IPv4-mapped, IPv4-compatible
/// and NAT64 IPv6 forms are judged by the IPv4 address they carry.
/// </summary>
public static class SourceAddress
{
    private static readonly IPAddress AwsMetadataV6 = IPAddress.Parse("fd00:ec2::254");
    private static readonly IPAddress AlibabaMetadata = IPAddress.Parse("100.100.100.200");
    private static readonly IPAddress CloudMetadata = IPAddress.Parse("169.254.169.254");

    /// <summary>Names of metadata services that resolve only inside a cloud; refused by name, whatever they resolve to.</summary>
    private static readonly HashSet<string> MetadataHostNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "metadata", "metadata.google.internal", "metadata.goog", "metadata.azure.internal", "instance-data", "instance-data.ec2.internal",
    };

    public static AddressKind Classify(IPAddress address)
    {
        var ip = Embedded(address);
        if (ip.Equals(CloudMetadata) || ip.Equals(AlibabaMetadata) || ip.Equals(AwsMetadataV6))
        {
            return AddressKind.Metadata;
        }

        if (ip.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = ip.GetAddressBytes();
            return b[0] switch
            {
                127 => AddressKind.Loopback,
                0 => AddressKind.Unspecified,
                169 when b[1] == 254 => AddressKind.LinkLocal,
                >= 224 => AddressKind.Multicast,
                _ => AddressKind.Allowed,
            };
        }

        if (IPAddress.IPv6Loopback.Equals(ip))
        {
            return AddressKind.Loopback;
        }

        if (IPAddress.IPv6Any.Equals(ip))
        {
            return AddressKind.Unspecified;
        }

        return ip.IsIPv6LinkLocal ? AddressKind.LinkLocal
            : ip.IsIPv6Multicast ? AddressKind.Multicast
            : AddressKind.Allowed;
    }

    /// <summary>Null when a source may connect to <paramref name="address"/>; otherwise why not, for the operator.</summary>
    public static string? Refusal(IPAddress address, bool allowLoopback) => Classify(address) switch
    {
        AddressKind.Allowed => null,
        AddressKind.Loopback when allowLoopback => null,
        AddressKind.Loopback => $"{address} is this machine (loopback); set Sources:AllowLoopback to true if Plex runs here",
        AddressKind.Unspecified => $"{address} is not a server address",
        AddressKind.LinkLocal => $"{address} is a link-local address, which a source may not use",
        AddressKind.Metadata => $"{address} is a cloud metadata address, which a source may not use",
        _ => $"{address} is a multicast or broadcast address",
    };

    /// <summary>
    /// The refusal for a URL's host as written, before any lookup: an address literal, "localhost" or a metadata name.
    /// Other names are judged by what they resolve to, at connect time.
    /// </summary>
    public static string? RefusalForHost(string host, bool allowLoopback)
    {
        var bare = host.Trim('[', ']').TrimEnd('.');
        if (IPAddress.TryParse(bare, out var literal))
        {
            return Refusal(literal, allowLoopback);
        }

        if (MetadataHostNames.Contains(bare))
        {
            return $"{bare} is a cloud metadata service, which a source may not use";
        }

        var isLocalhost = bare.Equals("localhost", StringComparison.OrdinalIgnoreCase) || bare.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase);
        return isLocalhost && !allowLoopback ? $"{bare} is this machine (loopback); set Sources:AllowLoopback to true if Plex runs here" : null;
    }

    public static bool IsMetadataHost(string host) => MetadataHostNames.Contains(host.TrimEnd('.'));

    /// <summary>The IPv4 address an IPv6 one carries (mapped ::ffff:a.b.c.d, compatible ::a.b.c.d, NAT64 64:ff9b::a.b.c.d), or the address itself.</summary>
    private static IPAddress Embedded(IPAddress address)
    {
        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4();
        }

        var b = address.GetAddressBytes();
        var compatible = b.AsSpan(0, 12).IndexOfAnyExcept((byte)0) < 0 && b.AsSpan(12).IndexOfAnyExcept((byte)0) >= 0 && !IPAddress.IPv6Loopback.Equals(address);
        var nat64 = b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b && b.AsSpan(4, 8).IndexOfAnyExcept((byte)0) < 0;
        return compatible || nat64 ? new IPAddress(b.AsSpan(12).ToArray()) : address;
    }
}
