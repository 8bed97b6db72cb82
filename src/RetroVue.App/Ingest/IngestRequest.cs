using RetroVue.Domain.Library;

namespace RetroVue.App.Ingest;

public enum IngestMode
{
    /// <summary>List everything and retire what is gone.</summary>
    Full,

    /// <summary>List only what changed since the last successful sync (falls back to full when there is none).</summary>
    Delta,

    /// <summary>Delta, unless no full sync succeeded within <see cref="IngestOptions.FullReconcileInterval"/>.</summary>
    Auto,
}

/// <summary>How one ingest should run and who asked for it.</summary>
public sealed record IngestRequest(IngestMode Mode = IngestMode.Full, SyncTrigger Trigger = SyncTrigger.Manual)
{
    public static IngestRequest Default { get; } = new();
}
