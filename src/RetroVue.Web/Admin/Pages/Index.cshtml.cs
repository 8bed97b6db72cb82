using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using RetroVue.Adapters.Streaming.Sessions;
using RetroVue.Adapters.Sync;
using RetroVue.App.Common;
using RetroVue.App.Library;
using RetroVue.App.Review;
using RetroVue.App.Scheduling;
using RetroVue.Web.Admin.Pages.Status;

namespace RetroVue.Web.Admin.Pages;

public sealed record HealthLine(string Name, string Status, string? Description);

public sealed record HealthView(string Status, IReadOnlyList<HealthLine> Checks);

public sealed class IndexModel(
    SourcesStatus sourcesStatus,
    LibraryBrowser library,
    ReviewQueue queue,
    HealthCheckService health,
    ChannelOverview channels,
    BackgroundJobs jobs,
    SyncNow syncNow,
    SessionManager sessions,
    ILogger<IndexModel> logger) : AdminPageModel
{
    /// <summary>Viewers watching each channel right now, by channel number; channels without a session are absent.</summary>
    public IReadOnlyDictionary<string, int> Viewers { get; private set; } = new Dictionary<string, int>();

    public SourcesStatusView Sources { get; private set; } = new([]);
    public LibraryStats Stats { get; private set; } = new(0, 0, 0, 0, 0, 0, 0, 0, 0);
    public ReviewCounts Review { get; private set; } = new(0, new Dictionary<string, int>());
    public HealthView Health { get; private set; } = new("unknown", []);
    public IReadOnlyList<ChannelOnAir> Channels { get; private set; } = [];
    public BackgroundJobsView? Jobs { get; private set; }
    public string? JobsError { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Sources = await sourcesStatus.ReadAsync(cancellationToken);
        Stats = await library.StatsAsync(cancellationToken);
        Review = await queue.CountsAsync(cancellationToken);
        Channels = await channels.ListAsync(cancellationToken);
        Viewers = sessions.Sessions().ToDictionary(session => session.Channel, session => session.Viewers, StringComparer.Ordinal);
        try
        {
            Jobs = await jobs.ReadAsync(cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The page is still useful without the scheduler's view.
            logger.LogWarning(e, "Could not read the background jobs");
            JobsError = "The scheduler's job store could not be read; the log has the details.";
        }

        var report = await health.CheckHealthAsync(cancellationToken);
        Health = new HealthView(
            report.Status.ToString().ToLowerInvariant(),
            report.Entries.Select(e => new HealthLine(e.Key, e.Value.Status.ToString().ToLowerInvariant(), e.Value.Description)).ToList());
    }

    public Task<IActionResult> OnPostSyncNowAsync(string? name, bool full, CancellationToken cancellationToken) =>
        ChangeAsync(
            async () =>
            {
                var launch = await syncNow.StartAsync(name ?? string.Empty, full, cancellationToken);
                Message = launch.How == SyncLaunchKind.Scheduler
                    ? $"Asked the scheduler to sync '{launch.Source}' now; its progress shows below."
                    : $"Started a sync of '{launch.Source}'; its progress shows below.";
                return Redirect("/admin");
            },
            () => OnGetAsync(CancellationToken.None));
}
