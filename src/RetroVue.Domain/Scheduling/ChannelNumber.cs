using System.Globalization;
using RetroVue.Domain.Common;

namespace RetroVue.Domain.Scheduling;

/// <summary>
/// What viewers dial: "2" or "2.1". Zero is refused because IPTV clients (Jellyfin) treat "0" as no number.
/// </summary>
public readonly record struct ChannelNumber : IComparable<ChannelNumber>
{
    private ChannelNumber(int major, int? minor)
    {
        Major = major;
        Minor = minor;
    }

    public int Major { get; }
    public int? Minor { get; }

    public static ChannelNumber Parse(string? text) =>
        TryParse(text, out var number)
            ? number
            : throw new DomainException($"'{text}' is not a valid channel number: use a number from 1 to 99999, optionally with a sub-channel such as '2.1'.");

    public static bool TryParse(string? text, out ChannelNumber number)
    {
        number = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var parts = text.Trim().Split('.');
        if (parts.Length > 2 || !TryParsePart(parts[0], 5, out var major) || major < 1)
        {
            return false;
        }

        int? minor = null;
        if (parts.Length == 2)
        {
            if (!TryParsePart(parts[1], 3, out var value))
            {
                return false;
            }

            minor = value;
        }

        number = new ChannelNumber(major, minor);
        return true;
    }

    public int CompareTo(ChannelNumber other)
    {
        var byMajor = Major.CompareTo(other.Major);
        return byMajor != 0 ? byMajor : (Minor ?? -1).CompareTo(other.Minor ?? -1);
    }

    public override string ToString() =>
        Minor is { } minor ? string.Create(CultureInfo.InvariantCulture, $"{Major}.{minor}") : Major.ToString(CultureInfo.InvariantCulture);

    public static bool operator <(ChannelNumber left, ChannelNumber right) => left.CompareTo(right) < 0;
    public static bool operator >(ChannelNumber left, ChannelNumber right) => left.CompareTo(right) > 0;
    public static bool operator <=(ChannelNumber left, ChannelNumber right) => left.CompareTo(right) <= 0;
    public static bool operator >=(ChannelNumber left, ChannelNumber right) => left.CompareTo(right) >= 0;

    private static bool TryParsePart(string part, int maxDigits, out int value)
    {
        value = 0;
        return part.Length >= 1 && part.Length <= maxDigits && part.All(char.IsAsciiDigit)
            && int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }
}
