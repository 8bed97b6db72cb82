using System.CommandLine;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using RetroVue.Adapters.Persistence;
using RetroVue.Cli.Hosting;

namespace RetroVue.Cli.Commands;

/// <summary>`retrovue db ...`: the catalog database.</summary>
public static class DbCommands
{
    public static Command Build()
    {
        var db = new Command("db", "Manage the catalog database.");
        var migrate = new Command("migrate", "Apply pending schema migrations (safe to run while other RetroVue processes run).");
        migrate.SetAction(async (parseResult, cancellationToken) =>
        {
            await using var host = await CliHost.StartAsync(parseResult, cancellationToken, migrate: false);
            var applied = await new DatabaseMigrator(NullLogger<DatabaseMigrator>.Instance).MigrateAsync(host.ConnectionString, cancellationToken);
            var output = parseResult.InvocationConfiguration.Output;
            if (applied.Count == 0)
            {
                await output.WriteLineAsync($"The database is up to date ({DatabaseMigrator.All.Count} migrations).");
            }
            else
            {
                foreach (var id in applied)
                {
                    await output.WriteLineAsync($"applied {id}");
                }
            }

            return 0;
        });
        db.Subcommands.Add(migrate);

        var script = new Command("script", "Print the schema the EF model expects, as SQL (a reference when writing a migration; see docs/development.md).");
        script.SetAction(async parseResult =>
        {
            var options = new DbContextOptionsBuilder<RetroVueDbContext>().UseNpgsql("Host=unused").Options;
            await using var context = new RetroVueDbContext(options);
            await parseResult.InvocationConfiguration.Output.WriteLineAsync(context.Database.GenerateCreateScript());
            return 0;
        });
        db.Subcommands.Add(script);
        return db;
    }
}
