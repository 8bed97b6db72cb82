using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using RetroVue.App.Common;

namespace RetroVue.Adapters.Streaming.Tuner;

/// <summary>
/// The tuner's DeviceID: 8 hex digits made once and kept in a file in the data folder, because Plex forgets its
/// channel mappings when a tuner's id changes. New ids carry the HDHomeRun check digit.
/// </summary>
public sealed class DeviceIdentity
{
    public const string FileName = "hdhomerun-device-id";

    /// <summary>What discover.json and the HDHomeRun discovery reply give as DeviceAuth (clients only pass it back).</summary>
    public const string DeviceAuth = "retrovue";

    private readonly string _path;
    private readonly Lock _gate = new();
    private string? _deviceId;

    public DeviceIdentity(string dataDirectory)
    {
        _path = Path.Combine(dataDirectory, FileName);
    }

    public string DeviceId
    {
        get
        {
            lock (_gate)
            {
                return _deviceId ??= LoadOrCreate();
            }
        }
    }

    /// <summary>The id as the 32-bit number the HDHomeRun discovery protocol carries.</summary>
    public uint Number => uint.Parse(DeviceId, NumberStyles.HexNumber, CultureInfo.InvariantCulture);

    /// <summary>False only for an id kept from before ids carried the check digit (kept: Plex knows the tuner by it).</summary>
    public bool HasValidCheckDigit => HdHomeRunDeviceId.HasValidCheckDigit(Number);

    public string FilePath => _path;

    private string LoadOrCreate()
    {
        if (File.Exists(_path))
        {
            var stored = File.ReadAllText(_path).Trim();
            if (stored.Length == 8 && uint.TryParse(stored, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out _))
            {
                return stored.ToUpperInvariant();
            }

            // Overwriting would silently change the id Plex knows the tuner by: let the operator decide.
            throw new UserFacingException($"The tuner id file {_path} holds '{Shorten(stored)}', not 8 hexadecimal digits. Fix it or delete it to make a new id.");
        }

        var random = BinaryPrimitives.ReadUInt32BigEndian(RandomNumberGenerator.GetBytes(4));
        var created = HdHomeRunDeviceId.WithCheckDigit(random).ToString("X8", CultureInfo.InvariantCulture);
        Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
        File.WriteAllText(_path, created + "\n");
        return created;
    }

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "...";
}
