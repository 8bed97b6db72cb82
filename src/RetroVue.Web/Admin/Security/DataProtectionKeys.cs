using Microsoft.AspNetCore.DataProtection;
using RetroVue.App.Common;

namespace RetroVue.Web.Admin.Security;

/// <summary>
/// Keeps the keys that sign the admin cookie and the antiforgery tokens in RetroVue's data folder (also when the
/// database is external), so a restart, or another instance started on the same folder, accepts what was issued
/// before. Without this the framework picks a per-user folder, or keeps them in memory only, and every restart
/// signs the operator out.
/// </summary>
public static class DataProtectionKeys
{
    /// <summary>Instances that share the key folder must also share this name, or they cannot read each other's cookies.</summary>
    public const string ApplicationName = "RetroVue";

    public const string FolderName = "keys";

    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    public static string FolderFor(string dataDirectory) => Path.Combine(dataDirectory, FolderName);

    public static IServiceCollection AddRetroVueDataProtection(this IServiceCollection services, string dataDirectory)
    {
        services.AddDataProtection()
            .PersistKeysToFileSystem(new DirectoryInfo(PrepareFolder(dataDirectory)))
            .SetApplicationName(ApplicationName);
        return services;
    }

    /// <summary>Creates the key folder readable by the server's own user only (0700), tightening one made earlier.</summary>
    public static string PrepareFolder(string dataDirectory)
    {
        var folder = FolderFor(dataDirectory);
        try
        {
            // The data folder keeps the mode it has (the embedded database's user may need to pass through it).
            Directory.CreateDirectory(dataDirectory);
            if (OperatingSystem.IsWindows())
            {
                Directory.CreateDirectory(folder);
            }
            else
            {
                Directory.CreateDirectory(folder, OwnerOnly);
                File.SetUnixFileMode(folder, OwnerOnly);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UserFacingException(
                $"Cannot prepare the key folder {folder} ({e.Message}). It holds the keys that sign admin sign-ins; "
                + "make the data folder writable by this user, or choose another with --data-dir or RETROVUE_DATA_DIR.",
                e);
        }

        return folder;
    }
}
