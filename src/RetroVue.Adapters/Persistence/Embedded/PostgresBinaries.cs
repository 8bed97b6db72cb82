using RetroVue.Adapters.Processes;
using RetroVue.App.Common;

namespace RetroVue.Adapters.Persistence.Embedded;

/// <summary>Where the PostgreSQL server programs are. Debian keeps them off PATH, in /usr/lib/postgresql/VERSION/bin.</summary>
public sealed record PostgresBinaries(string BinDirectory)
{
    public const string InstallHint =
        "PostgreSQL server programs (initdb, pg_ctl) were not found. Install them with 'sudo apt-get install postgresql', "
        + "set RETROVUE_PG_BIN to their folder, or point RETROVUE_DB at an existing server.";

    public string InitDb => Path.Combine(BinDirectory, "initdb");
    public string PgCtl => Path.Combine(BinDirectory, "pg_ctl");

    public static PostgresBinaries Locate()
    {
        var configured = Environment.GetEnvironmentVariable("RETROVUE_PG_BIN");
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return File.Exists(Path.Combine(configured, "pg_ctl"))
                ? new PostgresBinaries(configured)
                : throw new UserFacingException($"RETROVUE_PG_BIN is '{configured}', but it holds no pg_ctl. {InstallHint}");
        }

        const string debianRoot = "/usr/lib/postgresql";
        if (Directory.Exists(debianRoot))
        {
            var newest = Directory.GetDirectories(debianRoot)
                .Select(dir => (dir, version: int.TryParse(Path.GetFileName(dir), out var v) ? v : -1))
                .Where(x => x.version > 0 && File.Exists(Path.Combine(x.dir, "bin", "initdb")))
                .OrderByDescending(x => x.version)
                .Select(x => Path.Combine(x.dir, "bin"))
                .FirstOrDefault();
            if (newest is not null)
            {
                return new PostgresBinaries(newest);
            }
        }

        var pgCtl = ExecutableLocator.FindOnPath("pg_ctl");
        if (pgCtl is not null && File.Exists(Path.Combine(Path.GetDirectoryName(pgCtl)!, "initdb")))
        {
            return new PostgresBinaries(Path.GetDirectoryName(pgCtl)!);
        }

        throw new UserFacingException(InstallHint);
    }
}
