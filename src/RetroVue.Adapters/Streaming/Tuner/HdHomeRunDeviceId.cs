namespace RetroVue.Adapters.Streaming.Tuner;

/// <summary>
/// HDHomeRun device ids end in a check digit (SiliconDust's scheme, which catches a mistyped digit or two swapped
/// digits). HDHomeRun apps and libhdhomerun-based clients reject ids whose check digit is wrong.
/// </summary>
public static class HdHomeRunDeviceId
{
    // A permutation of the 16 nibbles: the scheme alternates permuted and plain nibbles, starting with the highest.
    private static readonly byte[] Permutation = [0xA, 0x5, 0xF, 0x6, 0x7, 0xC, 0x1, 0xB, 0x9, 0x2, 0x8, 0xD, 0x4, 0x3, 0xE, 0x0];

    public static bool HasValidCheckDigit(uint id) => CheckDigitOf(id) == (id & 0xF);

    /// <summary>The id with its lowest hex digit replaced by the check digit of the seven above it.</summary>
    public static uint WithCheckDigit(uint id) => (id & 0xFFFFFFF0u) | CheckDigitOf(id);

    private static uint CheckDigitOf(uint id)
    {
        uint check = 0;
        for (var shift = 28; shift >= 4; shift -= 4)
        {
            var nibble = (id >> shift) & 0xF;
            check ^= (shift / 4) % 2 == 1 ? Permutation[nibble] : nibble;
        }

        return check;
    }
}
