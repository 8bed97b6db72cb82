using System.Globalization;
using System.Security.Cryptography;
using RetroVue.App.Common;

namespace RetroVue.Adapters.Streaming.Tuner;

/// <summary>
/// The tuner's DeviceID: 8 hex digits made once and kept in a file in the data folder, because Plex forgets its
/// channel mappings when a tuner's id changes.
/// </summary>
public sealed class DeviceIdentity
{
    public const string FileName = "hdhomerun-device-id";

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

        var created = Convert.ToHexString(RandomNumberGenerator.GetBytes(4));
        Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
        File.WriteAllText(_path, created + "\n");
        return created;
    }

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "...";
}
