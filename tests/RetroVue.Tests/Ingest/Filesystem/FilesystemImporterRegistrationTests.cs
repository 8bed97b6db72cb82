using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using RetroVue.Adapters;
using RetroVue.Adapters.Ingest.Filesystem;
using RetroVue.App;
using RetroVue.App.Ingest;
using RetroVue.Domain.Library;

namespace RetroVue.Tests.Ingest.Filesystem;

public sealed class FilesystemImporterRegistrationTests
{
    [Fact]
    public void The_importer_registry_serves_the_filesystem_importer_for_filesystem_sources()
    {
        var configuration = new ConfigurationBuilder().Build();
        using var services = new ServiceCollection()
            .AddRetroVueApp(configuration)
            .AddRetroVueAdapters(configuration, "Host=localhost;Database=unused")
            .BuildServiceProvider();

        var importer = services.GetRequiredService<ImporterRegistry>().For(SourceKind.Filesystem);

        Assert.IsType<FilesystemImporter>(importer);
    }
}
