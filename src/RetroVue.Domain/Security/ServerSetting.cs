namespace RetroVue.Domain.Security;

/// <summary>One named server-wide setting an operator changes at run time (from the admin pages, not a file).</summary>
public sealed class ServerSetting
{
    private ServerSetting()
    {
        Key = string.Empty;
        Value = string.Empty;
    }

    public ServerSetting(string key, string value, DateTimeOffset now)
    {
        Key = key;
        Value = value;
        UpdatedAt = now;
    }

    public string Key { get; private set; }
    public string Value { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }

    public void Change(string value, DateTimeOffset now)
    {
        Value = value;
        UpdatedAt = now;
    }
}
