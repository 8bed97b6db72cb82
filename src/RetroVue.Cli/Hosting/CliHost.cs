using System.CommandLine;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RetroVue.Adapters;
using RetroVue.Adapters.Persistence;
using RetroVue.App;
using RetroVue.Web;
using Serilog;
using Serilog.Events;

namespace RetroVue.Cli.Hosting;

/// <summary>
/// What a command runs inside: configuration (appsettings.json, RETROVUE_* variables, options),
/// logging to stderr, the database (configured or embedded, migrated), and the services.
/// Disposing it stops an embedded database this process started.
/// </summary>
public sealed class CliHost : IAsyncDisposable
{
    private readonly RetroVueDatabase _database;
    private readonly ServiceProvider _services;

    private CliHost(RetroVueDatabase database, ServiceProvider services, IConfiguration configuration)
    {
        _database = database;
        _services = services;
        Configuration = configuration;
    }

    public IServiceProvider Services => _services;
    public IConfiguration Configuration { get; }
    public string ConnectionString => _database.ConnectionString;

    public T Get<T>()
        where T : notnull => _services.GetRequiredService<T>();

    public static IConfiguration BuildConfiguration() => new ConfigurationBuilder()
        .SetBasePath(AppContext.BaseDirectory)
        .AddJsonFile("appsettings.json", optional: true)
        .AddEnvironmentVariables("RETROVUE_")
        .Build();

    public static async Task<CliHost> StartAsync(ParseResult parseResult, CancellationToken cancellationToken, bool migrate = true)
    {
        var configuration = BuildConfiguration();
        var verbose = parseResult.GetValue(GlobalOptions.Verbose);
        var serilog = RetroVueLogging.CreateLogger(configuration, verbose ? LogEventLevel.Debug : LogEventLevel.Warning);
        var services = new ServiceCollection();
        services.AddSerilog(serilog, dispose: true);
        using var bootstrap = LoggerFactory.Create(logging => logging.AddSerilog(serilog));

        var settings = DatabaseSettings.From(configuration, parseResult.GetValue(GlobalOptions.DataDirectory));
        var database = await RetroVueDatabase.OpenAsync(settings, bootstrap.CreateLogger("RetroVue.Database"), cancellationToken);
        try
        {
            if (migrate)
            {
                await new DatabaseMigrator(bootstrap.CreateLogger<DatabaseMigrator>()).MigrateAsync(database.ConnectionString, cancellationToken);
            }

            services.AddSingleton(configuration);
            services.AddRetroVueApp(configuration);
            services.AddRetroVueAdapters(configuration, database.ConnectionString);
            return new CliHost(database, services.BuildServiceProvider(validateScopes: true), configuration);
        }
        catch
        {
            await database.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        await _database.DisposeAsync();
    }
}
