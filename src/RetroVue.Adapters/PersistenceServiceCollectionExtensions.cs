using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RetroVue.Adapters.Persistence;
using RetroVue.App.Common;

namespace RetroVue.Adapters;

public static class PersistenceServiceCollectionExtensions
{
    public static IServiceCollection AddRetroVuePersistence(this IServiceCollection services, string connectionString)
    {
        services.AddDbContextFactory<RetroVueDbContext>(options => options.UseNpgsql(connectionString).AddInterceptors(UnstorableTextInterceptor.Instance));
        services.AddSingleton<IUnitOfWork, EfUnitOfWork>();
        services.AddSingleton<DatabaseMigrator>();
        services.AddSingleton(new DatabaseConnection(connectionString));
        return services;
    }
}
