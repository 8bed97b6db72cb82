using Microsoft.EntityFrameworkCore;
using RetroVue.App.Common;
using RetroVue.Domain.Common;

namespace RetroVue.App.Scheduling;

/// <summary>The id that tells this installation apart from every other: minted once, then read forever.</summary>
public static class InstallationIdentity
{
    public static async Task<Guid> GetAsync(IRetroVueDbContext db, CancellationToken cancellationToken)
    {
        var setting = await db.Settings.AsNoTracking().FirstOrDefaultAsync(s => s.Key == InstallationSetting.InstallationIdKey, cancellationToken);
        if (setting is not null && Guid.TryParse(setting.Value, out var id))
        {
            return id;
        }

        if (setting is not null)
        {
            throw new UserFacingException($"The installation id in the settings table is damaged ('{setting.Value}'); it must be a UUID.");
        }

        // The migration seeds it; this only runs on a database whose row was deleted by hand.
        id = Guid.NewGuid();
        db.Settings.Add(new InstallationSetting(InstallationSetting.InstallationIdKey, id.ToString()));
        await db.SaveChangesAsync(cancellationToken);
        return id;
    }
}
