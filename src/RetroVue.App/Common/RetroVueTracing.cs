using System.Diagnostics;

namespace RetroVue.App.Common;

/// <summary>
/// The activity sources RetroVue traces its long operations with: ingest runs, source syncs and channel sessions.
/// Starting an activity costs nothing until something listens (the OTLP exporter, when it is configured).
/// </summary>
public static class RetroVueTracing
{
    public static readonly ActivitySource Ingest = new("RetroVue.Ingest");
    public static readonly ActivitySource Sync = new("RetroVue.Sync");
    public static readonly ActivitySource Streaming = new("RetroVue.Streaming");

    public static IReadOnlyList<string> SourceNames { get; } = [Ingest.Name, Sync.Name, Streaming.Name];

    /// <summary>Marks the activity failed with a message fit for a trace backend (secrets masked).</summary>
    public static void Fail(Activity? activity, Exception exception)
    {
        activity?.SetStatus(ActivityStatusCode.Error, SecretRedactor.Redact(exception.Message));
        activity?.SetTag("error.type", exception.GetType().Name);
    }
}
