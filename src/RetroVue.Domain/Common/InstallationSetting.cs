namespace RetroVue.Domain.Common;

/// <summary>A value that belongs to the whole installation and must survive restarts and upgrades.</summary>
public sealed class InstallationSetting
{
    /// <summary>Minted once by the migration that created the table; part of every channel's stable id.</summary>
    public const string InstallationIdKey = "installation_id";

    private InstallationSetting()
    {
        Key = string.Empty;
        Value = string.Empty;
    }

    public InstallationSetting(string key, string value)
    {
        Key = key;
        Value = value;
    }

    public string Key { get; private set; }
    public string Value { get; private set; }
}
