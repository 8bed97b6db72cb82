using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using RetroVue.Adapters;
using RetroVue.App.Common;
using RetroVue.Domain.Library;
using RetroVue.Tests.Support;

namespace RetroVue.Tests.Persistence;

public sealed class UnitOfWorkTests
{
    private static async Task<(IUnitOfWork UnitOfWork, string ConnectionString)> CreateAsync()
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync();
        var services = new ServiceCollection()
            .AddLogging()
            .AddRetroVueAdapters(new ConfigurationBuilder().Build(), connectionString)
            .BuildServiceProvider();
        return (services.GetRequiredService<IUnitOfWork>(), connectionString);
    }

    private static Source NewSource(string name) =>
        new(name, SourceKind.Filesystem, new Dictionary<string, string> { ["path"] = "/media" }, DateTimeOffset.UtcNow);

    [Fact]
    public async Task Work_that_returns_is_committed()
    {
        var (unitOfWork, connectionString) = await CreateAsync();
        await unitOfWork.ExecuteAsync((db, _) =>
        {
            db.Sources.Add(NewSource("kept"));
            return Task.CompletedTask;
        }, CancellationToken.None);

        await using var db = TestPostgres.CreateContext(connectionString);
        Assert.True(await db.Sources.AnyAsync(s => s.Name == "kept"));
    }

    [Fact]
    public async Task Work_that_throws_leaves_nothing_behind_even_what_it_saved_explicitly()
    {
        var (unitOfWork, connectionString) = await CreateAsync();
        await Assert.ThrowsAsync<InvalidOperationException>(() => unitOfWork.ExecuteAsync(async (db, ct) =>
        {
            db.Sources.Add(NewSource("lost"));
            await db.SaveChangesAsync(ct);
            throw new InvalidOperationException("boom");
        }, CancellationToken.None));

        await using var db = TestPostgres.CreateContext(connectionString);
        Assert.False(await db.Sources.AnyAsync());
    }

    [Fact]
    public async Task Cancelled_work_is_rolled_back()
    {
        var (unitOfWork, connectionString) = await CreateAsync();
        using var cancel = new CancellationTokenSource();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => unitOfWork.ExecuteAsync(async (db, ct) =>
        {
            db.Sources.Add(NewSource("cancelled"));
            await db.SaveChangesAsync(ct);
            await cancel.CancelAsync();
            ct.ThrowIfCancellationRequested();
        }, cancel.Token));

        await using var db = TestPostgres.CreateContext(connectionString);
        Assert.False(await db.Sources.AnyAsync());
    }

    [Fact]
    public async Task Unique_constraints_make_a_duplicate_title_impossible()
    {
        var (unitOfWork, _) = await CreateAsync();
        await unitOfWork.ExecuteAsync((db, _) =>
        {
            db.Titles.Add(new Title(TitleKind.Show, "Same Show", null, DateTimeOffset.UtcNow));
            return Task.CompletedTask;
        }, CancellationToken.None);

        await Assert.ThrowsAsync<DbUpdateException>(() => unitOfWork.ExecuteAsync((db, _) =>
        {
            db.Titles.Add(new Title(TitleKind.Show, "same  show!", null, DateTimeOffset.UtcNow));
            return Task.CompletedTask;
        }, CancellationToken.None));
    }
}
