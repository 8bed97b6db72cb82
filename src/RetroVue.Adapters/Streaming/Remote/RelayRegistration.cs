using RetroVue.App.Streaming;

namespace RetroVue.Adapters.Streaming.Remote;

/// <summary>
/// One remote file made readable at an unguessable loopback URL for as long as the item that plays it lives.
/// Records what went wrong upstream, so a failed item's report names the cause. Disposing withdraws the URL.
/// </summary>
public sealed class RelayRegistration : IDisposable
{
    private readonly Action<RelayRegistration> _withdraw;
    private RemoteFault? _fault;
    private int _resuming;

    internal RelayRegistration(string id, Uri url, RemoteMedia media, Action<RelayRegistration> withdraw)
    {
        Id = id;
        Url = url;
        Media = media;
        _withdraw = withdraw;
    }

    public string Id { get; }

    /// <summary>http://127.0.0.1:PORT/ID: holds no credential, so it can go on ffmpeg's command line.</summary>
    public Uri Url { get; }

    public RemoteMedia Media { get; }

    /// <summary>The first upstream failure seen while serving this file, or null.</summary>
    public RemoteFault? Fault => Volatile.Read(ref _fault);

    /// <summary>
    /// Keeps the first failure: it is the cause. What follows it (ffmpeg asking again past a cut the server then
    /// refuses to serve) are its consequences and would hide it.
    /// </summary>
    internal void Record(RemoteFault fault) => Interlocked.CompareExchange(ref _fault, fault, null);

    /// <summary>True while the relay is asking the server again after a drop: the outcome (resumed or a fault) is not known yet.</summary>
    public bool IsResuming => Volatile.Read(ref _resuming) > 0;

    internal void ResumeStarted() => Interlocked.Increment(ref _resuming);

    internal void ResumeEnded() => Interlocked.Decrement(ref _resuming);

    /// <summary>
    /// The upstream fault once the relay has settled: ffmpeg's watchdog can fire while the relay still retries a
    /// dropped connection, and the cause the relay then finds is the one to report. Waits at most <paramref name="cap"/>.
    /// </summary>
    public async Task<RemoteFault?> SettledFaultAsync(TimeProvider time, TimeSpan cap, CancellationToken cancellationToken)
    {
        var deadline = time.GetTimestamp();
        while (IsResuming && Fault is null && time.GetElapsedTime(deadline) < cap)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(20), time, cancellationToken);
        }

        return Fault;
    }

    public void Dispose() => _withdraw(this);
}
