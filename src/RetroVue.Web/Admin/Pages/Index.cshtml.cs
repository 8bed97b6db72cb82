using Microsoft.Extensions.Diagnostics.HealthChecks;
using RetroVue.App.Library;
using RetroVue.App.Review;
using RetroVue.App.Sources;

namespace RetroVue.Web.Admin.Pages;

public sealed record HealthLine(string Name, string Status, string? Description);

public sealed record HealthView(string Status, IReadOnlyList<HealthLine> Checks);

public sealed class IndexModel(SourceService sources, LibraryBrowser library, ReviewQueue queue, HealthCheckService health) : AdminPageModel
{
    public IReadOnlyList<SourceSummary> Sources { get; private set; } = [];
    public LibraryStats Stats { get; private set; } = new(0, 0, 0, 0, 0, 0, 0, 0, 0);
    public ReviewCounts Review { get; private set; } = new(0, new Dictionary<string, int>());
    public HealthView Health { get; private set; } = new("unknown", []);

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Sources = await sources.ListAsync(cancellationToken);
        Stats = await library.StatsAsync(cancellationToken);
        Review = await queue.CountsAsync(cancellationToken);
        var report = await health.CheckHealthAsync(cancellationToken);
        Health = new HealthView(
            report.Status.ToString().ToLowerInvariant(),
            report.Entries.Select(e => new HealthLine(e.Key, e.Value.Status.ToString().ToLowerInvariant(), e.Value.Description)).ToList());
    }
}
