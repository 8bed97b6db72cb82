using RetroVue.Adapters.Sync;
using RetroVue.App.Sources;

namespace RetroVue.Web.Admin.Pages.Status;

/// <summary>A source on the dashboard: its counts, its latest sync, and a sync asked for that has not finished.</summary>
public sealed record SourceStatusRow(SourceSummary Source, SyncActivity? Activity)
{
    public bool IsActive => Activity is not null || Source.LastSync?.Outcome == "running";
}

public sealed record SourcesStatusView(IReadOnlyList<SourceStatusRow> Rows)
{
    public bool AnyActive => Rows.Any(r => r.IsActive);
}

/// <summary>Reads what the dashboard's sources card shows; also served alone as the fragment the page refreshes.</summary>
public sealed class SourcesStatus(SourceService sources, SyncNow syncNow)
{
    public async Task<SourcesStatusView> ReadAsync(CancellationToken cancellationToken)
    {
        var list = await sources.ListAsync(cancellationToken);
        return new SourcesStatusView(list.Select(s => new SourceStatusRow(s, syncNow.ActivityOf(s.Name, s.LastSync?.StartedAt))).ToList());
    }
}
