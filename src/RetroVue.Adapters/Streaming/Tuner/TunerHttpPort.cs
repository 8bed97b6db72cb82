namespace RetroVue.Adapters.Streaming.Tuner;

/// <summary>The HTTP port RetroVue listens on, set by the web host once it has started.</summary>
public sealed class TunerHttpPort
{
    private readonly TaskCompletionSource<int> _known = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _port;

    public int? Port => Volatile.Read(ref _port) is > 0 and var port ? port : null;

    /// <summary>Completes with the first port set: announcers wait for it before they can say where the tuner is.</summary>
    public Task<int> Known => _known.Task;

    public void Set(int port)
    {
        Volatile.Write(ref _port, port);
        _known.TrySetResult(port);
    }
}
