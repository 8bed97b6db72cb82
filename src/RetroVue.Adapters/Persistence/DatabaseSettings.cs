using Microsoft.Extensions.Configuration;
using Npgsql;

namespace RetroVue.Adapters.Persistence;

/// <summary>Where RetroVue keeps its data and which database it talks to.</summary>
public sealed record DatabaseSettings(string DataDirectory, string? ConnectionString)
{
    public const string DatabaseName = "retrovue";

    public bool UsesEmbeddedCluster => ConnectionString is null;

    public string EmbeddedClusterDirectory => Path.Combine(DataDirectory, "postgres");

    /// <summary>Connection string from RETROVUE_DB or ConnectionStrings:RetroVue; data folder from --data-dir, RETROVUE_DATA_DIR or a per-user default.</summary>
    public static DatabaseSettings From(IConfiguration configuration, string? dataDirectoryOverride = null)
    {
        var connectionString = Environment.GetEnvironmentVariable("RETROVUE_DB");
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            connectionString = configuration.GetConnectionString("RetroVue");
        }

        var dataDirectory = dataDirectoryOverride
            ?? NullIfBlank(Environment.GetEnvironmentVariable("RETROVUE_DATA_DIR"))
            ?? NullIfBlank(configuration["DataDirectory"])
            ?? DefaultDataDirectory();
        return new DatabaseSettings(Path.GetFullPath(dataDirectory), NullIfBlank(connectionString));
    }

    /// <summary>
    /// A user's own folder; for root, /var/lib/retrovue, because root's home is closed to the
    /// 'postgres' user that runs the embedded server.
    /// </summary>
    public static string DefaultDataDirectory()
    {
        if (OperatingSystem.IsLinux() && Environment.UserName == "root")
        {
            return "/var/lib/retrovue";
        }

        var dataHome = Environment.GetEnvironmentVariable("XDG_DATA_HOME");
        if (string.IsNullOrWhiteSpace(dataHome))
        {
            dataHome = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share");
        }

        return Path.Combine(dataHome, "retrovue");
    }

    /// <summary>The connection string with its password masked, for logs and error messages.</summary>
    public static string Redact(string connectionString)
    {
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(connectionString);
            if (!string.IsNullOrEmpty(builder.Password))
            {
                builder.Password = "***";
            }

            return builder.ConnectionString;
        }
        catch (ArgumentException)
        {
            return "(unparseable connection string)";
        }
    }

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
