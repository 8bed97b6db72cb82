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

    /// <summary>The latest upstream failure seen while serving this file, or null.</summary>
    public RemoteFault? Fault => Volatile.Read(ref _fault);

    internal void Record(RemoteFault fault) => Volatile.Write(ref _fault, fault);

    public void Dispose() => _withdraw(this);
}
