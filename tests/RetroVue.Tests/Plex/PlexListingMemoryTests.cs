using RetroVue.Adapters.Plex;
using RetroVue.Tests.Plex.Support;

namespace RetroVue.Tests.Plex;

[CollectionDefinition(nameof(HeapMeasurements), DisableParallelization = true)]
public sealed class HeapMeasurements;

/// <summary>Measures the heap, so it runs alone: other tests' allocations would blur the figure.</summary>
[Collection(nameof(HeapMeasurements))]
public sealed class PlexListingMemoryTests : IAsyncLifetime, IDisposable
{
    private FakePlexServer _server = null!;
    private readonly PlexTestHost _host = new();

    public async Task InitializeAsync() => _server = await FakePlexServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    public void Dispose() => _host.Dispose();

    [Fact]
    public async Task Lists_50000_items_with_memory_bounded_by_a_page_not_by_the_library()
    {
        GeneratedLibrary.ServeShows(_server, shows: 1000, episodesPerShow: 50);
        var client = _host.ClientFor(_server);
        long? heapAfterFirstPages = null;
        var count = 0;

        await foreach (var item in client.ListItemsAsync("2", PlexItemType.Episode))
        {
            count++;
            if (count == 2_000)
            {
                heapAfterFirstPages = GC.GetTotalMemory(forceFullCollection: true);
            }
        }

        var heapAtEnd = GC.GetTotalMemory(forceFullCollection: true);
        Assert.Equal(50_000, count);
        Assert.Equal(250, _server.ListingRequests);
        // 48,000 more items read, yet the heap grew by far less than they would take if kept (several KB each).
        Assert.True(heapAtEnd - heapAfterFirstPages!.Value < 32 * 1024 * 1024, $"heap grew by {(heapAtEnd - heapAfterFirstPages.Value) / 1024 / 1024} MiB");
    }
}
