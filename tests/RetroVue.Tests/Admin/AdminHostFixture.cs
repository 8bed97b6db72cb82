namespace RetroVue.Tests.Admin;

/// <summary>One host with the admin set up, shared by the tests of a class.</summary>
public sealed class AdminHostFixture : IAsyncLifetime
{
    private AdminHost? _host;

    public AdminHost Host => _host ?? throw new InvalidOperationException("The host has not started.");

    public CatalogSeed Seed => new(Host.ConnectionString);

    public async Task InitializeAsync()
    {
        _host = await AdminHost.StartAsync();
        await _host.SetUpAdminAsync();
    }

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }
}
